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
 * mcp-remote the way Claude Desktop runs it: a stdio proxy to the remote MCP server that does the
 * OAuth flow itself (DCR, PKCE, loopback callback). The test speaks JSON-RPC on its stdin/stdout as
 * Claude Desktop does, after a real browser has signed the user in. At both protocol versions:
 * {@code --protocol legacy} (its default: it relays the initialize handshake, here of 2025-11-25) and
 * {@code auto} (it probes with {@code server/discover}, speaks 2026-07-28 to the server and answers the
 * local initialize itself).
 */
class McpRemoteIT {

    /** mcp-remote prints "Please authorize this client by visiting:" and the URL on the next line. */
    private static final Pattern AUTH_URL = Pattern.compile("^\\s*(https?://\\S+[?&]code_challenge=\\S+)\\s*$");
    private static final String CALLBACK_PORT = "18478";

    @ParameterizedTest(name = "{0} with --protocol {1}")
    @CsvSource({E2e.JOHN + ",legacy", E2e.JOHN + ",auto", E2e.JANE + ",legacy", E2e.JANE + ",auto"})
    void claudeDesktopStyleProxyFetchesOnlyTheUsersRegion(String user, String protocol) throws Exception {
        Path home = E2e.workDir("mcp-remote");
        Map<String, String> env = E2e.nodeEnv(home);
        env.put("MCP_REMOTE_CONFIG_DIR", home.resolve(".mcp-auth").toString());
        List<String> cmd = List.of(E2e.tool("mcp-remote"), E2e.stack().mcpUrl(), CALLBACK_PORT,
                "--host", "127.0.0.1", "--transport", "http-only", "--protocol", protocol);
        try (Cli proxy = new Cli("mcp-remote", cmd, home, env);
             Browser browser = new Browser(home, E2e.evidence())) {
            String authorizationUrl = proxy.await(AUTH_URL, Duration.ofSeconds(60));
            assertThat(authorizationUrl).startsWith(E2e.stack().issuer()).contains("code_challenge_method=S256");
            String landed = browser.signIn(authorizationUrl, user, E2e.inbox(), Browser.Consent.APPROVE,
                    user.equals(E2e.JOHN) && protocol.equals("legacy") ? "mcp-remote" : null);
            assertThat(landed).startsWith("http://127.0.0.1:" + CALLBACK_PORT);
            proxy.await(Pattern.compile("Proxy established"), Duration.ofSeconds(60));

            proxy.send("""
                    {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"claude-desktop-e2e","version":"1.0.0"}}}""");
            String initialized = proxy.await(Pattern.compile("^(\\{.*\"id\":1[,}].*)$"), Duration.ofSeconds(30));
            if (protocol.equals("auto")) {
                // the server answered server/discover: mcp-remote speaks 2026-07-28 to it
                proxy.await(Pattern.compile("Remote server speaks MCP (2026-07-28);"), Duration.ofSeconds(5));
            } else {
                assertThat(initialized).as("the server's initialize result").contains("\"protocolVersion\":\"2025-11-25\"");
            }
            proxy.send("""
                    {"jsonrpc":"2.0","method":"notifications/initialized"}""");
            proxy.send("""
                    {"jsonrpc":"2.0","id":2,"method":"tools/list","params":{}}""");
            String tools = proxy.await(Pattern.compile("^(\\{.*\"id\":2[,}].*)$"), Duration.ofSeconds(30));
            assertThat(tools).contains("fetch-stock-prices");
            proxy.send("""
                    {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"fetch-stock-prices","arguments":{}}}""");
            String result = proxy.await(Pattern.compile("^(\\{.*\"id\":3[,}].*)$"), Duration.ofSeconds(30));
            assertThat(result).doesNotContain("\"isError\":true");
            E2e.assertStocksFor(user, result);
        }
    }
}
