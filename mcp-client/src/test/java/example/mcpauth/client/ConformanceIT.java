package example.mcpauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import example.mcpauth.testsupport.ConformanceSuite;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs every client {@code auth/*} scenario of the pinned MCP conformance suite (version in
 * {@code conformance.sh}) against the shaded JAR, one scenario per runner invocation, so that the runner
 * judges the client's exit code as well as the checks (its suite mode only counts checks).
 *
 * <p>The scenarios and the protocol revisions each applies to come from the suite itself
 * ({@code conformance list --client}). Each scenario runs at the wire of every revision it applies to among
 * 2026-07-28 (stateless: {@code server/discover}, per-request {@code _meta}) and 2025-11-25 (initialize
 * handshake): this client speaks both and must pass at both. Scenarios that apply only to 2025-03-26 run
 * at that wire with {@code --legacy-discovery} (the 2025-03-26 discovery rules are opt-in: 2025-11-25
 * requires protected-resource metadata). Extension scenarios (optional by the suite's requirements file)
 * are listed with the reason they are not run. The table is printed and written to
 * {@code target/conformance/summary.md}; any failed run fails the test.
 *
 * <p>Needs npm (first run: Node 22 and the suite go to the git-ignored {@code mcp-client/.node22}). Skip
 * with {@code -Dconformance.skip=true}; {@code -Dconformance.scenario=auth/x} runs one scenario;
 * {@code -Dconformance.parallel=n} runs n scenarios at once (default 3).
 */
class ConformanceIT {

    static final String MODERN = "2026-07-28";
    static final String LEGACY = "2025-11-25";
    static final String MARCH_2025 = "2025-03-26";

    /** Why the suite's extension scenarios (not part of any spec revision's requirements) are not run. */
    static final Map<String, String> NOT_RUN = Map.of(
            "auth/client-credentials-jwt", "extension: client_credentials grant (a client acting for itself); this client signs users in with the authorization-code flow only",
            "auth/client-credentials-basic", "extension: client_credentials grant (a client acting for itself); this client signs users in with the authorization-code flow only",
            "auth/enterprise-managed-authorization", "extension: enterprise-managed authorization (ID-JAG token exchange); not implemented",
            "auth/dpop", "extension: DPoP-bound tokens; not implemented (bearer tokens only)",
            "auth/dpop-nonce", "extension: DPoP-bound tokens with server nonces; not implemented (bearer tokens only)",
            "auth/wif-jwt-bearer", "extension: workload-identity JWT bearer grant; not implemented");

    /** One run's result: the runner's exit code and summary line, the client's exit code. */
    record Result(String scenario, String wire, int exitCode, int passedChecks, int totalChecks, int failedChecks, int warnings,
            Integer clientExit, boolean timedOut, Path log) {
        boolean passed() {
            return exitCode == 0 && totalChecks > 0 && failedChecks == 0 && warnings == 0 && !timedOut;
        }
    }

    @Test
    void everyClientAuthScenarioPasses() throws Exception {
        assumeFalse(Boolean.getBoolean("conformance.skip"), "conformance.skip=true");
        Path out = Path.of("target", "conformance").toAbsolutePath();

        // the first run installs Node 22 and the suite
        List<ConformanceSuite.Scenario> scenarios = ConformanceSuite.scenarios(ConformanceSuite.run(
                script(out, "", "--list"), out.resolve("logs/list.txt"), Duration.ofMinutes(10)).expectExit(0),
                name -> name.startsWith("auth/"));
        String only = System.getProperty("conformance.scenario");
        if (only != null && !only.isBlank()) {
            scenarios = scenarios.stream().filter(s -> s.name().equals(only)).toList();
            assertThat(scenarios).as("scenario " + only + " in the suite").isNotEmpty();
        }
        // each scenario at every wire it applies to; one of 2025-03-26 alone at that wire
        ConformanceSuite.Plan plan = ConformanceSuite.plan(scenarios, List.of(MODERN, LEGACY), true,
                name -> NOT_RUN.getOrDefault(name, "extension scenario (optional); not implemented by this client"), name -> null);

        List<Result> results = ConformanceSuite.runAll(plan.runs(), Integer.getInteger("conformance.parallel", 3), run -> run(out, run));
        String table = table(results, plan.notRun());
        ConformanceSuite.report(out, table);

        List<String> failed = results.stream().filter(r -> !r.passed())
                .map(r -> r.scenario() + " @" + r.wire() + " (log " + r.log() + ")").toList();
        assertThat(failed).as("failed conformance runs\n" + table).isEmpty();
        long distinct = results.stream().map(Result::scenario).distinct().count();
        assertThat(distinct).as("scenarios run").isEqualTo(scenarios.size() - plan.notRun().size());
    }

    static Result run(Path out, ConformanceSuite.Run run) throws IOException {
        String wire = run.revision();
        ConformanceSuite.Outcome outcome = ConformanceSuite.run(
                script(out.resolve(wire), MARCH_2025.equals(wire) ? "--legacy-discovery" : "",
                        "--scenario", run.scenario(), "--spec-version", wire),
                out.resolve("logs").resolve(run.scenario().replace('/', '_') + "@" + wire + ".txt"), Duration.ofMinutes(5));
        String text = outcome.output();
        Matcher passed = Pattern.compile("^Passed: (\\d+)/(\\d+), (\\d+) failed, (\\d+) warnings", Pattern.MULTILINE).matcher(text);
        Matcher client = Pattern.compile("^Client exited with code (-?\\d+)", Pattern.MULTILINE).matcher(text);
        boolean found = passed.find();
        return new Result(run.scenario(), wire, outcome.exitCode(),
                found ? Integer.parseInt(passed.group(1)) : 0, found ? Integer.parseInt(passed.group(2)) : 0,
                found ? Integer.parseInt(passed.group(3)) : 0, found ? Integer.parseInt(passed.group(4)) : 0,
                client.find() ? Integer.valueOf(client.group(1)) : null,
                outcome.timedOut() || text.contains("CLIENT TIMED OUT"), outcome.log());
    }

    /** conformance.sh with these arguments, its results to {@code resultDir}. */
    static ProcessBuilder script(Path resultDir, String extraClientArgs, String... args) throws IOException {
        Files.createDirectories(resultDir);
        List<String> cmd = new ArrayList<>(List.of("bash", System.getProperty("mcpclient.conformance.script", "conformance.sh")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("CONFORMANCE_OUT", resultDir.toString());
        pb.environment().put("CONFORMANCE_CLIENT_EXTRA_ARGS", extraClientArgs);
        String jar = System.getProperty("mcpclient.jar");
        if (jar != null) {
            pb.environment().put("MCP_CLIENT_JAR", new File(jar).getAbsolutePath());
        }
        return pb;
    }

    static String table(List<Result> results, Map<String, String> notRun) {
        long ok = results.stream().filter(Result::passed).count();
        List<String> scenarios = results.stream().map(Result::scenario).distinct().toList();
        long scenariosOk = scenarios.stream()
                .filter(s -> results.stream().filter(r -> r.scenario().equals(s)).allMatch(Result::passed)).count();
        ConformanceSuite.Table table = new ConformanceSuite.Table("scenario", "wire", "checks", "client", "result");
        for (Result r : results) {
            table.row(r.scenario(), r.wire(), r.passedChecks() + "/" + r.totalChecks()
                            + (r.failedChecks() > 0 ? ", " + r.failedChecks() + " failed" : "")
                            + (r.warnings() > 0 ? ", " + r.warnings() + " warnings" : ""),
                    r.timedOut() ? "timed out" : r.clientExit() == null ? "exit 0" : "exit " + r.clientExit(),
                    r.passed() ? "pass" : "FAIL");
        }
        table.notRun(notRun, "not run");
        return "MCP conformance, client auth scenarios: " + scenariosOk + "/" + scenarios.size() + " scenarios passed ("
                + ok + "/" + results.size() + " runs)\n\n" + table;
    }
}
