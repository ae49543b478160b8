package example.mcpauth.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
 * reuses the stored token without signing in again.
 */
class JavaClientIT {

    private static final Pattern AUTH_URL = Pattern.compile("^Open this URL to sign in: (\\S+)$");

    @ParameterizedTest
    @ValueSource(strings = {E2e.JOHN, E2e.JANE})
    void signsInAndFetchesOnlyTheUsersRegion(String user) throws Exception {
        Path home = E2e.workDir("java-client");
        Path store = home.resolve("store");
        Path jar = E2e.stack().root().resolve("mcp-client/target/mcp-client.jar");
        assertThat(jar).as("the build produced the client JAR").exists();
        List<String> call = List.of("java", "-jar", jar.toString(), "--server", E2e.stack().mcpUrl(),
                "--no-browser", "--store-dir", store.toString(), "tools/call", "fetch-stock-prices", "{}");
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
            E2e.assertStocksFor(user, client.stdout());
        }
        try (Stream<Path> files = Files.walk(store)) {
            assertThat(files.filter(Files::isRegularFile).count()).as("tokens and registration stored").isPositive();
        }
        // the second run reuses the stored token: no sign-in, same answer
        try (Cli again = new Cli("mcp-client-again", call, home, env)) {
            assertThat(again.waitForExit(Duration.ofSeconds(60))).as(again.transcript()).isZero();
            assertThat(again.stderr()).doesNotContain("Open this URL to sign in");
            E2e.assertStocksFor(user, again.stdout());
        }
    }
}
