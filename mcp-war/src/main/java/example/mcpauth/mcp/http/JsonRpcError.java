package example.mcpauth.mcp.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import example.mcpauth.mcp.McpJson;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A JSON-RPC 2.0 error response written by the MCP endpoint's filters. It echoes the request's id when
 * the request had a usable one (string or number), {@code null} otherwise (JSON-RPC 2.0 section 5).
 */
public record JsonRpcError(int httpStatus, int code, String message, JsonNode id) {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    /** A refusal of the transport (origin, host, method) rather than of the message. */
    public static final int SERVER_ERROR = -32000;

    public JsonRpcError {
        id = id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null;
    }

    public static JsonRpcError of(int httpStatus, int code, String message) {
        return new JsonRpcError(httpStatus, code, message, null);
    }

    public ObjectNode body() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("jsonrpc", "2.0");
        if (id == null) {
            node.putNull("id");
        } else {
            node.set("id", id);
        }
        ObjectNode error = node.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return node;
    }

    /** Writes it, keeping headers other filters set (CORS, Allow). */
    public void send(HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(httpStatus);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        byte[] bytes = McpJson.objectMapper().writeValueAsBytes(body());
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
