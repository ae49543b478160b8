package example.mcpauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    record Scenario(String name, List<String> versions) {
    }

    record Run(String scenario, String wire, int exitCode, int passedChecks, int totalChecks, int failedChecks, int warnings,
            Integer clientExit, boolean timedOut, Path log) {
        boolean passed() {
            return exitCode == 0 && totalChecks > 0 && failedChecks == 0 && warnings == 0 && !timedOut;
        }
    }

    @Test
    void everyClientAuthScenarioPasses() throws Exception {
        assumeFalse(Boolean.getBoolean("conformance.skip"), "conformance.skip=true");
        Path out = Path.of("target", "conformance").toAbsolutePath();
        Files.createDirectories(out.resolve("logs"));

        List<Scenario> scenarios = listAuthScenarios(out);
        String only = System.getProperty("conformance.scenario");
        if (only != null && !only.isBlank()) {
            scenarios = scenarios.stream().filter(s -> s.name().equals(only)).toList();
            assertThat(scenarios).as("scenario " + only + " in the suite").isNotEmpty();
        }
        List<String[]> plan = new ArrayList<>(); // {scenario, wire}
        Map<String, String> notRun = new LinkedHashMap<>();
        for (Scenario s : scenarios) {
            if (s.versions().contains("extension")) {
                notRun.put(s.name(), NOT_RUN.getOrDefault(s.name(), "extension scenario (optional); not implemented by this client"));
                continue;
            }
            List<String> wires = new ArrayList<>();
            if (s.versions().contains(MODERN)) {
                wires.add(MODERN);
            }
            if (s.versions().contains(LEGACY)) {
                wires.add(LEGACY);
            }
            if (wires.isEmpty()) {
                wires.add(s.versions().get(s.versions().size() - 1)); // e.g. 2025-03-26 only
            }
            wires.forEach(w -> plan.add(new String[] {s.name(), w}));
        }
        assertThat(plan).as("auth scenarios to run").isNotEmpty();

        int parallel = Integer.getInteger("conformance.parallel", 3);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<Run>> futures = new ArrayList<>();
        try {
            for (String[] p : plan) {
                futures.add(pool.submit(() -> run(out, p[0], p[1])));
            }
            List<Run> runs = new ArrayList<>();
            for (Future<Run> f : futures) {
                runs.add(f.get(10, TimeUnit.MINUTES));
            }
            String table = table(runs, notRun);
            System.out.println(table);
            Files.writeString(out.resolve("summary.md"), table, StandardCharsets.UTF_8);

            List<String> failed = runs.stream().filter(r -> !r.passed())
                    .map(r -> r.scenario() + " @" + r.wire() + " (log " + r.log() + ")").toList();
            assertThat(failed).as("failed conformance runs\n" + table).isEmpty();
            long distinct = runs.stream().map(Run::scenario).distinct().count();
            assertThat(distinct).as("scenarios run").isEqualTo(scenarios.size() - notRun.size());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The suite's client scenarios named auth/*, with the spec versions each applies to. */
    static List<Scenario> listAuthScenarios(Path out) throws Exception {
        Path log = out.resolve("logs").resolve("list.txt");
        Process p = script(out, "", log, "--list").start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES); // first run installs Node 22 and the suite
        if (!done) {
            p.destroyForcibly();
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done && p.exitValue() == 0).as("conformance.sh --list succeeded:\n" + text).isTrue();
        List<Scenario> out2 = new ArrayList<>();
        Matcher m = Pattern.compile("^\\s+- (auth/\\S+) \\[([^\\]]*)]\\s*$", Pattern.MULTILINE).matcher(text);
        while (m.find()) {
            out2.add(new Scenario(m.group(1), List.of(m.group(2).split(","))));
        }
        assertThat(out2).as("auth scenarios listed by the suite:\n" + text).isNotEmpty();
        return out2;
    }

    static Run run(Path out, String scenario, String wire) throws Exception {
        String safe = scenario.replace('/', '_') + "@" + wire;
        Path log = out.resolve("logs").resolve(safe + ".txt");
        ProcessBuilder pb = script(out.resolve(wire), MARCH_2025.equals(wire) ? "--legacy-discovery" : "", log,
                "--scenario", scenario, "--spec-version", wire);
        Process p = pb.start();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        Matcher passed = Pattern.compile("^Passed: (\\d+)/(\\d+), (\\d+) failed, (\\d+) warnings", Pattern.MULTILINE).matcher(text);
        Matcher client = Pattern.compile("^Client exited with code (-?\\d+)", Pattern.MULTILINE).matcher(text);
        boolean found = passed.find();
        return new Run(scenario, wire, done ? p.exitValue() : -1,
                found ? Integer.parseInt(passed.group(1)) : 0, found ? Integer.parseInt(passed.group(2)) : 0,
                found ? Integer.parseInt(passed.group(3)) : 0, found ? Integer.parseInt(passed.group(4)) : 0,
                client.find() ? Integer.valueOf(client.group(1)) : null,
                !done || text.contains("CLIENT TIMED OUT"), log);
    }

    static ProcessBuilder script(Path resultDir, String extraClientArgs, Path log, String... args) throws IOException {
        Files.createDirectories(resultDir);
        List<String> cmd = new ArrayList<>(List.of("bash", System.getProperty("mcpclient.conformance.script", "conformance.sh")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CONFORMANCE_OUT", resultDir.toString());
        pb.environment().put("CONFORMANCE_CLIENT_EXTRA_ARGS", extraClientArgs);
        String jar = System.getProperty("mcpclient.jar");
        if (jar != null) {
            pb.environment().put("MCP_CLIENT_JAR", new File(jar).getAbsolutePath());
        }
        return pb;
    }

    static String table(List<Run> runs, Map<String, String> notRun) {
        StringBuilder sb = new StringBuilder();
        long ok = runs.stream().filter(Run::passed).count();
        long scenarios = runs.stream().map(Run::scenario).distinct().count();
        long scenariosOk = runs.stream().map(Run::scenario).distinct()
                .filter(s -> runs.stream().filter(r -> r.scenario().equals(s)).allMatch(Run::passed)).count();
        sb.append("MCP conformance, client auth scenarios: ").append(scenariosOk).append('/').append(scenarios)
                .append(" scenarios passed (").append(ok).append('/').append(runs.size()).append(" runs)\n\n");
        sb.append("| scenario | wire | checks | client | result |\n|---|---|---|---|---|\n");
        for (Run r : runs) {
            sb.append("| ").append(r.scenario()).append(" | ").append(r.wire()).append(" | ")
                    .append(r.passedChecks()).append('/').append(r.totalChecks())
                    .append(r.failedChecks() > 0 ? ", " + r.failedChecks() + " failed" : "")
                    .append(r.warnings() > 0 ? ", " + r.warnings() + " warnings" : "").append(" | ")
                    .append(r.timedOut() ? "timed out" : r.clientExit() == null ? "exit 0" : "exit " + r.clientExit()).append(" | ")
                    .append(r.passed() ? "pass" : "FAIL").append(" |\n");
        }
        notRun.forEach((name, why) -> sb.append("| ").append(name).append(" | - | - | - | not run: ").append(why).append(" |\n"));
        return sb.toString();
    }
}
