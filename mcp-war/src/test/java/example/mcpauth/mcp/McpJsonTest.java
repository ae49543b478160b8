package example.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import example.mcpauth.mcp.tools.ToolResults;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

class McpJsonTest {

    @Test
    void sdkErrorBodiesCarryNoStackTrace() throws Exception {
        String json = McpJson.objectMapper().writeValueAsString(
                McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST).message("Invalid message format").build());
        assertThat(json).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid message format\"}}");
        String other = McpJson.objectMapper().writeValueAsString(new IllegalStateException("secret detail"));
        assertThat(other).doesNotContain("stackTrace").doesNotContain("secret detail").contains("-32603");
    }

    @Test
    void bytesAfterTheMessageAreAParseError() {
        assertThatThrownBy(() -> McpJson.objectMapper().readTree("{\"a\":1} {}")).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void aFailureIsAnErrorToolResult() {
        McpSchema.CallToolResult result = ToolResults.failure("x", "What went wrong. What to do.");
        assertThat(result.isError()).isTrue();
        assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("What went wrong. What to do.");
    }
}
