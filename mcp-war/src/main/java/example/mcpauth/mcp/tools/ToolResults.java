package example.mcpauth.mcp.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import example.mcpauth.mcp.McpJson;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;

/** The two shapes of a tool's answer: the API's data (as text and structured content) or an isError result. */
public final class ToolResults {

    private ToolResults() {
    }

    /** {@code data} as JSON text and as structuredContent (an object; a list is wrapped as {@code {key: list}}). */
    public static CallToolResult success(String listKey, Object data) {
        String text;
        try {
            text = McpJson.objectMapper().writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tool result not serialisable", e);
        }
        Object structured = data instanceof java.util.Collection<?> c ? Map.of(listKey, c) : data;
        return CallToolResult.builder().addTextContent(text).structuredContent(structured).isError(false).build();
    }

    /** An isError result whose text says what went wrong and what to do; code is machine-readable. */
    public static CallToolResult failure(String code, String message) {
        return CallToolResult.builder()
                .addTextContent(message)
                .structuredContent(Map.of("error", code, "message", message))
                .isError(true)
                .build();
    }
}
