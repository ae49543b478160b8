package example.mcpauth.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MCP Inspector's CLI against the gateway's MCP URL: discovery from the 401, Dynamic Client
 * Registration, PKCE; a real browser signs the user in with the emailed code and consents. At both
 * protocol versions: {@code --protocol-era legacy} (its default, the initialize handshake of 2025-11-25) and
 * {@code modern} (pinned to 2026-07-28: its SDK fails rather than fall back when the server does not speak it).
 */
class InspectorCliIT {

    private static final Pattern AUTH_URL = Pattern.compile("Please navigate to:\\s*(\\S+)");

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({E2e.JOHN + ",legacy", E2e.JOHN + ",modern", E2e.JANE + ",legacy", E2e.JANE + ",modern"})
    void signsInAndFetchesOnlyTheUsersRegion(String user, String era) throws Exception {
        Path home = E2e.workDir("inspector");
        Map<String, String> env = E2e.nodeEnv(home);
        env.put("MCP_AUTO_OPEN_ENABLED", "true");
        List<String> cmd = List.of(E2e.tool("mcp-inspector"), "--cli",
                "--server-url", E2e.stack().mcpUrl(), "--transport", "http", "--protocol-era", era,
                "--method", "tools/call", "--tool-name", "fetch-stock-prices", "--format", "json");
        try (Cli inspector = new Cli("mcp-inspector", cmd, home, env);
             Browser browser = new Browser(home, E2e.screenshots())) {
            String authorizationUrl = inspector.await(AUTH_URL, Duration.ofSeconds(60));
            assertThat(authorizationUrl).startsWith(E2e.stack().issuer())
                    .contains("code_challenge_method=S256").contains("resource=");
            String landed = browser.signIn(authorizationUrl, user, E2e.inbox(), Browser.Consent.APPROVE,
                    user.equals(E2e.JOHN) && era.equals("legacy") ? "inspector" : null);
            assertThat(landed).startsWith("http://127.0.0.1:6276/oauth/callback").contains("code=");
            int exit = inspector.waitForExit(Duration.ofSeconds(60));
            assertThat(exit).as(inspector.transcript()).isZero();
            E2e.assertStocksFor(user, inspector.stdout());
            assertThat(inspector.stdout()).doesNotContain("\"isError\": true", "\"isError\":true");
        }
    }
}
