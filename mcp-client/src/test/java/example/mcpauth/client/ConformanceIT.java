package example.mcpauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the MCP conformance suite's client authorization scenarios ({@code --suite auth}) against the
 * shaded JAR through {@code conformance.sh} (Node 22 installed on first use). Skip with
 * {@code -Dconformance.skip=true}.
 */
class ConformanceIT {

    @Test
    void authSuitePassesEveryScenario() throws Exception {
        List<String> passed = runSuite("auth", "");
        assertThat(passed).contains("auth/metadata-default", "auth/metadata-var1", "auth/metadata-var2", "auth/metadata-var3",
                "auth/scope-step-up", "auth/scope-retry-limit", "auth/pre-registration", "auth/basic-cimd");
    }

    /** Draft scenarios (not scored): resource mismatch refusal, offline_access guidance. */
    @Test
    void draftSuitePassesEveryScenario() throws Exception {
        assertThat(runSuite("draft", "")).contains("auth/resource-mismatch");
    }

    /** 2025-03-26 back-compat scenarios, with the opt-in --legacy-discovery. */
    @Test
    void backcompatSuitePassesWithLegacyDiscovery() throws Exception {
        assertThat(runSuite("backcompat", "--legacy-discovery")).contains("auth/2025-03-26-oauth-metadata-backcompat",
                "auth/2025-03-26-oauth-endpoint-fallback");
    }

    private List<String> runSuite(String suite, String extraClientArgs) throws Exception {
        assumeFalse(Boolean.getBoolean("conformance.skip"), "conformance.skip=true");
        String script = System.getProperty("mcpclient.conformance.script", "conformance.sh");
        Path out = Path.of("target", "conformance");
        Files.createDirectories(out);
        Path log = out.resolve("suite-" + suite + ".txt");
        ProcessBuilder pb = new ProcessBuilder("bash", script, "--suite", suite)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CONFORMANCE_OUT", out.toAbsolutePath().toString());
        pb.environment().put("CONFORMANCE_CLIENT_EXTRA_ARGS", extraClientArgs);
        String jar = System.getProperty("mcpclient.jar");
        if (jar != null) {
            pb.environment().put("MCP_CLIENT_JAR", new File(jar).getAbsolutePath());
        }
        Process p = pb.start();
        boolean done = p.waitFor(15, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done).as("suite finished within 15 minutes").isTrue();
        assertThat(p.exitValue()).as("exit code of the suite; output in " + log + "\n" + tail(text)).isZero();

        int summary = text.indexOf("=== SUITE SUMMARY ===");
        assertThat(summary).as("suite summary present").isPositive();
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Matcher m = Pattern.compile("^([✓✗]) (auth/\\S+): (\\d+) passed, (\\d+) failed", Pattern.MULTILINE)
                .matcher(text.substring(summary));
        while (m.find()) {
            (m.group(1).equals("✓") && m.group(4).equals("0") ? passed : failed).add(m.group(2));
        }
        System.out.println("Conformance " + suite + " suite: " + passed.size() + " scenarios passed " + passed + ", failed " + failed);
        assertThat(failed).isEmpty();
        Matcher total = Pattern.compile("Total: (\\d+) passed, (\\d+) failed").matcher(text);
        assertThat(total.find()).isTrue();
        assertThat(Integer.parseInt(total.group(2))).isZero();
        assertThat(Integer.parseInt(total.group(1))).isPositive();
        return passed;
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
    }
}
