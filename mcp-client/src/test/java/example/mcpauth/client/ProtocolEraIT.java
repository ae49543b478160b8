package example.mcpauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import example.mcpauth.client.McpAuthException.Kind;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which MCP protocol the client speaks: 2026-07-28 (stateless) when the server answers the modern
 * {@code server/discover}, the initialize handshake of 2025-11-25 when the server shows it does not speak
 * 2026-07-28. The sign-in the first request triggers happens once, whatever the era.
 */
class ProtocolEraIT extends AgainstFakeStack {

    /** Lists the tools and calls echo; returns the protocol version used. */
    String listAndCall() {
        return listAndCall(cfg());
    }

    String listAndCall(ClientConfig config) {
        try (AuthorizedMcpClient c = new AuthorizedMcpClient(config, err)) {
            assertThat(c.listTools().tools()).extracting(McpSchema.Tool::name).containsExactly("echo");
            McpSchema.CallToolResult r = c.callTool("echo", Map.of("region", "USA"));
            assertThat(((McpSchema.TextContent) r.content().get(0)).text()).isEqualTo("echo {\"region\":\"USA\"}");
            return c.protocolVersion();
        }
    }

    @Test
    void modernServerIsSpokenTo20260728WithoutInitializeOrSession() {
        stack.servesModern = true;
        stack.servesLegacy = false;

        assertThat(listAndCall()).isEqualTo("2026-07-28");

        assertThat(stack.mcpMethods).containsExactly("server/discover", "tools/list", "tools/call");
        assertThat(stack.mcpRequests).allSatisfy(r -> {
            assertThat(r.get("era")).isEqualTo("modern");
            assertThat(r.get("MCP-Protocol-Version")).isEqualTo("2026-07-28");
            assertThat(r.get("_meta.protocolVersion")).isEqualTo("2026-07-28");
            assertThat(r.get("Mcp-Method")).isEqualTo(r.get("method"));
            assertThat(r.get("Mcp-Session-Id")).isNull();
        });
        assertThat(stack.mcpRequests).filteredOn(r -> r.get("method").equals("tools/call"))
                .extracting(r -> r.get("Mcp-Name")).containsExactly("echo");
        assertThat(stack.authorizeRequests).hasSize(1); // the 401 to server/discover led to the only sign-in
        assertThat(stderr()).contains("[mcp-client] MCP protocol 2026-07-28");
    }

    @Test
    void sdkStyleLegacyServerAnswering400LeadsToInitialize() {
        stack.legacyAnswer = FakeStack.LegacyAnswer.HTTP_400_NO_SESSION;

        assertThat(listAndCall()).isEqualTo("2025-11-25");

        assertThat(stack.mcpRequests).extracting(r -> r.get("method") + " " + r.get("era"))
                .startsWith("server/discover refused", "initialize legacy");
        assertThat(stack.mcpMethods).containsExactly("initialize", "notifications/initialized", "tools/list", "tools/call");
        assertThat(stack.authorizeRequests).hasSize(1);
        assertThat(stderr()).contains("does not speak MCP 2026-07-28 (HTTP 400 to server/discover)")
                .contains("MCP protocol 2025-11-25 (initialize)");
    }

    @Test
    void legacyServerAnsweringMethodNotFoundLeadsToInitialize() {
        stack.legacyAnswer = FakeStack.LegacyAnswer.METHOD_NOT_FOUND;

        assertThat(listAndCall()).isEqualTo("2025-11-25");

        assertThat(stack.mcpMethods).startsWith("initialize");
        assertThat(stderr()).contains("(JSON-RPC error -32601 to server/discover)");
    }

    @Test
    void dualEraServerIsSpokenTo20260728() {
        stack.servesModern = true;
        stack.servesLegacy = true;

        assertThat(listAndCall()).isEqualTo("2026-07-28");
        assertThat(stack.mcpMethods).doesNotContain("initialize");
    }

    @Test
    void dualEraServerIsSpokenTo20251125WhenLegacyIsAsked() {
        stack.servesModern = true;
        stack.servesLegacy = true;

        assertThat(listAndCall(cfg().withProtocolEra(AuthorizedMcpClient.Era.LEGACY))).isEqualTo("2025-11-25");
        assertThat(stack.mcpMethods).containsExactly("initialize", "notifications/initialized", "tools/list", "tools/call");
        assertThat(stack.mcpRequests).extracting(r -> r.get("method")).doesNotContain("server/discover");
        assertThat(stack.authorizeRequests).hasSize(1);
        assertThat(stderr()).contains("as asked (--protocol-era legacy)").contains("MCP protocol 2025-11-25 (initialize)");
    }

    @Test
    void legacyServerIsAClearErrorWhenModernIsAsked() {
        stack.legacyAnswer = FakeStack.LegacyAnswer.METHOD_NOT_FOUND;

        assertThatThrownBy(() -> listAndCall(cfg().withProtocolEra(AuthorizedMcpClient.Era.MODERN)))
                .isInstanceOf(McpAuthException.class)
                .satisfies(e -> assertThat(((McpAuthException) e).kind()).isEqualTo(Kind.CONNECTION))
                .hasMessageContaining("does not speak MCP 2026-07-28");
        assertThat(stack.mcpMethods).doesNotContain("initialize");
    }

    @Test
    void modernServerWithoutOurVersionButListingALegacyOneLeadsToInitialize() {
        stack.servesModern = true;
        stack.servesLegacy = true;
        stack.modernVersions = List.of("2099-01-01"); // -32022, supported: [2099-01-01, 2025-11-25]

        assertThat(listAndCall()).isEqualTo("2025-11-25");
        assertThat(stderr()).contains("it supports [2099-01-01, 2025-11-25]");
    }

    @Test
    void serverWithNoCommonVersionIsAClearError() {
        stack.servesModern = true;
        stack.servesLegacy = false;
        stack.modernVersions = List.of("2099-01-01");

        assertThatThrownBy(this::listAndCall).isInstanceOf(McpAuthException.class)
                .satisfies(e -> assertThat(((McpAuthException) e).kind()).isEqualTo(Kind.CONNECTION))
                .hasMessageContaining("supports none of this client's protocol versions")
                .hasMessageContaining("2099-01-01");
        assertThat(stack.mcpMethods).isEmpty();
    }
}
