package example.mcpauth.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This project's Java MCP client (mcp-client/): discovery from the 401, DCR, PKCE with resource, a
 * loopback callback checked for state and iss; a real browser signs the user in. A second run
 * reuses the stored token without signing in again. At both protocol versions ({@code --protocol-era
 * legacy}: the initialize handshake of 2025-11-25; {@code modern}: 2026-07-28), and the step-up of
 * {@code place-stock-order} (the client's default era, which is 2026-07-28 with this server).
 */
class JavaClientIT {

    private static final Pattern AUTH_URL = Pattern.compile("^Open this URL to sign in: (\\S+)$");

    /** The client's command line: its own store under {@code home}, no browser of its own. */
    private static List<String> command(Path home, String era, String tool, String arguments) {
        Path jar = E2e.stack().root().resolve("mcp-client/target/mcp-client.jar");
        assertThat(jar).as("the build produced the client JAR").exists();
        return List.of("java", "-jar", jar.toString(), "--server", E2e.stack().mcpUrl(), "--no-browser",
                "--store-dir", home.resolve("store").toString(), "--protocol-era", era, "tools/call", tool, arguments);
    }

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({E2e.JOHN + ",legacy", E2e.JOHN + ",modern", E2e.JANE + ",legacy", E2e.JANE + ",modern"})
    void signsInAndFetchesOnlyTheUsersRegion(String user, String era) throws Exception {
        Path home = E2e.workDir("java-client");
        Path store = home.resolve("store");
        List<String> call = command(home, era, "fetch-stock-prices", "{}");
        String protocol = "modern".equals(era) ? "MCP protocol 2026-07-28 (" : "MCP protocol 2025-11-25 (initialize)";
        Map<String, String> env = Map.of("HOME", home.toString());
        try (Cli client = new Cli("mcp-client", call, home, env);
             Browser browser = new Browser(home, E2e.evidence())) {
            String authorizationUrl = client.await(AUTH_URL, Duration.ofSeconds(60));
            assertThat(authorizationUrl).startsWith(E2e.stack().issuer())
                    .contains("code_challenge_method=S256").contains("resource=").contains("state=");
            String landed = browser.signIn(authorizationUrl, user, E2e.inbox(), Browser.Consent.APPROVE,
                    user.equals(E2e.JOHN) ? "java-client" : null);
            assertThat(landed).startsWith("http://127.0.0.1:");
            assertThat(client.waitForExit(Duration.ofSeconds(60))).as(client.transcript()).isZero();
            assertThat(client.stderr()).contains(protocol);
            E2e.assertStocksFor(user, client.stdout());
        }
        try (Stream<Path> files = Files.walk(store)) {
            assertThat(files.filter(Files::isRegularFile).count()).as("tokens and registration stored").isPositive();
        }
        // the second run reuses the stored token: no sign-in, same answer
        try (Cli again = new Cli("mcp-client-again", call, home, env)) {
            assertThat(again.waitForExit(Duration.ofSeconds(60))).as(again.transcript()).isZero();
            assertThat(again.stderr()).doesNotContain("Open this URL to sign in").contains(protocol);
            E2e.assertStocksFor(user, again.stdout());
        }
    }

    @Test
    void stepsUpToTheTradeScopeAndTheApiStillRefusesTheWeakAgent() throws Exception {
        Path home = E2e.workDir("java-client-step-up");
        try (Cli client = new Cli("mcp-client", command(home, "auto", StepUp.TOOL, StepUp.ORDER), home,
                Map.of("HOME", home.toString()))) {
            StepUp.signInThenStepUp(client, "Open this URL to sign in: ", home);
            // exit code 1: the tool reported an error (the API's refusal), not an authorization failure
            assertThat(client.waitForExit(Duration.ofSeconds(60))).as(client.transcript()).isEqualTo(1);
            assertThat(client.stderr()).contains("MCP protocol 2026-07-28 (");
            StepUp.assertRefusedByTheApi(client.stdout());
        }
    }
}
