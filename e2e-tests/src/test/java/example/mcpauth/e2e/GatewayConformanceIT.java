package example.mcpauth.e2e;

import example.mcpauth.testsupport.OAuthClient;
import example.mcpauth.testsupport.ServerConformance;
import example.mcpauth.testsupport.TokenAddingProxy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP conformance suite's server scenarios through the gateway of the real stack, at 2025-11-25 and
 * 2026-07-28: the same scenarios as mcp-war's {@code McpConformanceIT} (straight to Liberty), now with the
 * gateway's phantom-token introspection, its Lua core's per-tool scope check on {@code Mcp-Method} /
 * {@code Mcp-Name} and nginx in between. Scenarios and checks that do not apply to a stateless tools-only
 * server are test-support's {@link ServerConformance#NOT_APPLICABLE} and
 * {@link ServerConformance#NOT_APPLICABLE_CHECKS}, each with its reason (printed in the table).
 *
 * <p>The token is real: john signs in with the emailed code through test-support's {@link OAuthClient}
 * for {@code stocks/read stocks/trade} (so every tool may be called); the suite's runner cannot send an
 * Authorization header, so a loopback {@link TokenAddingProxy} adds it on the way to the gateway's MCP
 * route. The table is printed and written to {@code e2e-tests/target/conformance/summary.md}.
 */
class GatewayConformanceIT {

    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    @AfterAll
    static void noTokenLogged() throws Exception {
        LogHygiene.assertNoneLogged(SEEN);
    }

    @Test
    void everyApplicableServerScenarioPassesThroughTheGatewayAtBothRevisions() throws Exception {
        OAuthClient client = OAuthClient.register("E2E conformance through the gateway")
                .withScope("stocks/read stocks/trade");
        String token = client.loginForToken(E2e.inbox(), E2e.JOHN).path("access_token").asText();
        SEEN.add(token);
        ServerConformance.Report report;
        try (TokenAddingProxy proxy = new TokenAddingProxy(URI.create(E2e.stack().mcpUrl()), token)) {
            report = new ServerConformance(E2e.stack().root().resolve("e2e-tests/.node22"),
                    E2e.stack().root().resolve("e2e-tests/target/conformance")).run(proxy.url(), "through the gateway");
        }
        System.out.println(report.table());
        assertThat(report.failures()).as("failed conformance runs through the gateway\n" + report.table()).isEmpty();
        assertThat(report.revisions()).isEqualTo(ServerConformance.REVISIONS);
    }
}
