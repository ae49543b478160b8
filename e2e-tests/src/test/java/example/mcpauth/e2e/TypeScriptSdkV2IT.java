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
 * The TypeScript SDK v2 client ({@code @modelcontextprotocol/client}, tools/package.json) through the gateway:
 * Dynamic Client Registration, PKCE, the callback's whole query handed to {@code finishAuth} (the SDK checks
 * RFC 9207 {@code iss}), at both protocol versions: the SDK's default initialize handshake (2025-11-25) and
 * pinned to 2026-07-28. And its own step-up on the 403 of {@code place-stock-order}.
 */
class TypeScriptSdkV2IT {

    private static final String PROMPT = "AUTHORIZE ";
    private static final int CALLBACK_PORT = 18480;

    private static Cli client(Path home, String era, String tool, String arguments) throws Exception {
        Map<String, String> env = E2e.nodeEnv(home);
        env.put("MCP_CLIENT_DIR", E2e.nodeTools().resolve("@modelcontextprotocol/client").toString());
        Path script = E2e.stack().root().resolve("e2e-tests/src/test/node/sdk2-client.mjs");
        return new Cli("ts-sdk-v2-client", List.of(E2e.node(), script.toString(), E2e.stack().mcpUrl(),
                String.valueOf(CALLBACK_PORT), era, tool, arguments), home, env);
    }

    /** legacy = the initialize handshake of 2025-11-25 (the SDK's default); modern = 2026-07-28. */
    private static void assertProtocol(Cli client, String era) throws Exception {
        String expected = "modern".equals(era) ? "2026-07-28 modern" : "2025-11-25 legacy";
        assertThat(client.await(Pattern.compile("^PROTOCOL (.+)$"), Duration.ofSeconds(5))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({E2e.JOHN + ",legacy", E2e.JOHN + ",modern", E2e.JANE + ",legacy", E2e.JANE + ",modern"})
    void fetchesOnlyTheUsersRegionAtEitherProtocolVersion(String user, String era) throws Exception {
        Path home = E2e.workDir("ts-sdk-v2");
        try (Cli client = client(home, era, "fetch-stock-prices", "{}");
             Browser browser = new Browser(home, null)) {
            String authorizationUrl = client.await(Pattern.compile(PROMPT + "(\\S+)"), Duration.ofSeconds(60));
            assertThat(authorizationUrl).startsWith(E2e.stack().issuer()).contains("code_challenge_method=S256")
                    .contains("resource=");
            browser.signIn(authorizationUrl, user, E2e.inbox(), Browser.Consent.APPROVE, null);
            assertThat(client.waitForExit(Duration.ofSeconds(60))).as(client.transcript()).isZero();
            assertProtocol(client, era);
            assertThat(client.stdout()).contains("fetch-stock-prices").doesNotContain("\"isError\": true");
            E2e.assertStocksFor(user, client.stdout());
        }
    }

    @ParameterizedTest(name = "at {0}")
    @CsvSource({"legacy", "modern"})
    void stepsUpToTheTradeScopeAndTheApiStillRefusesTheWeakAgent(String era) throws Exception {
        Path home = E2e.workDir("ts-sdk-v2-step-up");
        try (Cli client = client(home, era, StepUp.TOOL, StepUp.ORDER)) {
            StepUp.signInThenStepUp(client, PROMPT, home);
            assertThat(client.waitForExit(Duration.ofSeconds(60))).as(client.transcript()).isZero();
            assertProtocol(client, era);
            assertThat(client.stderr()).as("the SDK stored a token with both scopes")
                    .containsPattern("(?m)^TOKEN scope=(?=.*stocks/read)(?=.*stocks/trade)");
            StepUp.assertRefusedByTheApi(client.stdout());
        }
    }
}
