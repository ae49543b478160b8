package example.mcpauth.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.client.transport.McpHttpStatusException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the answer to the 2026-07-28 probe ({@code server/discover}) is read: which failures show an
 * initialize-based server (fall back) and which do not (a modern server, an authorization answer, or a
 * server fault: no fallback).
 */
class EraSignalTest {

    static final URI MCP = URI.create("http://127.0.0.1:1/mcp");

    static McpHttpStatusException http(int status) {
        return new McpHttpStatusException(MCP, status, HttpHeaders.of(Map.of(), (a, b) -> true), "");
    }

    @Test
    void clientErrorsOtherThanAuthorizationMeanALegacyServer() {
        for (int status : new int[] {400, 404, 405, 406, 415}) {
            assertThat(AuthorizedMcpClient.legacyServerAnswer(http(status))).as("HTTP " + status)
                    .contains("HTTP " + status + " to server/discover");
        }
    }

    @Test
    void authorizationAnswersAndServerFaultsAreNoEraSignal() {
        for (int status : new int[] {401, 403, 500, 502, 503}) {
            assertThat(AuthorizedMcpClient.legacyServerAnswer(http(status))).as("HTTP " + status).isEmpty();
        }
        assertThat(AuthorizedMcpClient.legacyServerAnswer(new RuntimeException("connection reset"))).isEmpty();
    }

    @Test
    void recognizedModernErrorsMeanAModernServer() {
        assertThat(AuthorizedMcpClient.legacyServerAnswer(new McpException(-32020, "Header mismatch"))).isEmpty();
        assertThat(AuthorizedMcpClient.legacyServerAnswer(new McpException(-32021, "Missing required client capability"))).isEmpty();
        assertThat(AuthorizedMcpClient.legacyServerAnswer(new McpException(-32022, "Unsupported protocol version",
                Map.of("supported", List.of("2099-01-01"), "requested", "2026-07-28")))).isEmpty();
    }

    @Test
    void unsupportedVersionListingAnInitializeBasedVersionMeansFallBack() {
        assertThat(AuthorizedMcpClient.legacyServerAnswer(new McpException(-32022, "Unsupported protocol version",
                Map.of("supported", List.of("2099-01-01", "2025-06-18"), "requested", "2026-07-28"))))
                .contains("it supports [2099-01-01, 2025-06-18]");
    }

    @Test
    void otherJsonRpcErrorsMeanALegacyServer() {
        assertThat(AuthorizedMcpClient.legacyServerAnswer(new McpException(-32601, "Method not found")))
                .contains("JSON-RPC error -32601 to server/discover");
        // our MCP server's answer to an MCP-Protocol-Version it does not speak
        assertThat(AuthorizedMcpClient.legacyServerAnswer(new RuntimeException("wrapped",
                new McpException(-32600, "Unsupported MCP-Protocol-Version 2026-07-28")))).contains("JSON-RPC error -32600 to server/discover");
    }
}
