package example.mcpauth.mcp.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import example.mcpauth.mcp.McpJson;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Checks the HTTP request and the JSON-RPC message before the MCP SDK sees them, in this order:
 * method (POST, else 405), size
 * (MCP_MAX_REQUEST_BYTES: 413), JSON syntax with nothing after the message (400, -32700), JSON-RPC 2.0
 * shape ({@code "jsonrpc": "2.0"}, a string method: 400, -32600), tools/call params (-32602) and
 * {@code MCP-Protocol-Version} ({@link ProtocolVersion}: 400). Every refusal is a JSON-RPC error that
 * echoes the request's id. The message is parsed once: the parsed tree is the request attribute
 * {@link #MESSAGE} (read by {@link ProtocolEra} and {@link ToolScopeFilter}), the SDK servlet gets the
 * already-read body, and the SDK's own error bodies echo the request's id too ({@link JsonErrorResponse},
 * {@code McpJson}).
 */
public class JsonRpcRequestFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = McpJson.objectMapper();

    /** Request attribute: the parsed JSON-RPC message (a Jackson JsonNode). */
    public static final String MESSAGE = "example.mcpauth.mcp.jsonrpc.message";

    private final int maxRequestBytes;

    public JsonRpcRequestFilter(int maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        JsonRpcError refusal = null;
        byte[] body = null;
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", OriginFilter.ALLOW);
            refusal = JsonRpcError.of(405, JsonRpcError.SERVER_ERROR, "Method " + request.getMethod()
                    + " is not allowed: this stateless MCP endpoint takes JSON-RPC messages by POST only (no SSE stream, no session to delete).");
        } else if (request.getContentLengthLong() > maxRequestBytes || (body = readBounded(request)) == null) {
            refusal = JsonRpcError.of(413, JsonRpcError.INVALID_REQUEST,
                    "Request body larger than " + maxRequestBytes + " bytes: send a smaller JSON-RPC message.");
        }
        JsonNode message = refusal == null ? parse(body) : null;
        String version = request.getHeader("MCP-Protocol-Version");
        if (refusal == null) {
            refusal = check(message);
            if (refusal != null && refusal.code() == JsonRpcError.INVALID_PARAMS && ProtocolEra.of(version, message) == ProtocolEra.MODERN) {
                // 2026-07-28 gives -32602 the HTTP status 400 (the initialize-based revisions answer it with 200)
                refusal = new JsonRpcError(400, refusal.code(), refusal.message(), refusal.id());
            }
        }
        if (refusal == null) {
            if (ProtocolVersion.refuses(version, ProtocolEra.of(version, message))) {
                refusal = new JsonRpcError(400, JsonRpcError.INVALID_REQUEST, "Unsupported MCP-Protocol-Version "
                        + version + ": this server supports " + String.join(", ", ProtocolVersion.SUPPORTED) + ".", idOf(message));
            }
        }
        if (refusal != null) {
            refusal.send(response);
            return;
        }
        request.setAttribute(MESSAGE, message);
        JsonNode id = idOf(message);
        try (McpJson.ErrorId echo = McpJson.echoIdInErrors(id)) {
            chain.doFilter(new CachedBodyRequest(request, body), new JsonErrorResponse(response, id));
        }
    }

    /** The id of a single message (null for a notification or a batch). */
    static JsonNode idOf(JsonNode message) {
        return message != null && message.isObject() ? message.get("id") : null;
    }

    /** The refusal of a message, or null when it may go to the SDK. */
    static JsonRpcError check(byte[] body) {
        return check(parse(body));
    }

    /** The body as JSON, or null when it is not JSON (or empty). */
    static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The refusal of a parsed message (null: not JSON), or null when it may go to the SDK. */
    static JsonRpcError check(JsonNode message) {
        if (message == null || !(message.isObject() || message.isArray())) {
            return JsonRpcError.of(400, JsonRpcError.PARSE_ERROR,
                    "Parse error: the request body is not one JSON-RPC message (JSON, with nothing after it).");
        }
        for (JsonNode m : message.isArray() ? message : java.util.List.of(message)) {
            JsonRpcError error = checkMessage(m);
            if (error != null) {
                return error;
            }
        }
        return null;
    }

    private static JsonRpcError checkMessage(JsonNode m) {
        JsonNode id = m.get("id");
        if (!m.isObject() || !"2.0".equals(m.path("jsonrpc").isTextual() ? m.path("jsonrpc").asText() : null)) {
            return new JsonRpcError(400, JsonRpcError.INVALID_REQUEST,
                    "Invalid request: a JSON-RPC 2.0 message is an object with \"jsonrpc\": \"2.0\".", id);
        }
        if (m.has("method") && !m.get("method").isTextual()) {
            return new JsonRpcError(400, JsonRpcError.INVALID_REQUEST, "Invalid request: \"method\" must be a string.", id);
        }
        if ("tools/call".equals(m.path("method").asText())) {
            JsonNode params = m.path("params");
            JsonNode arguments = params.path("arguments");
            if (!params.isObject() || !params.path("name").isTextual()
                    || !(arguments.isMissingNode() || arguments.isNull() || arguments.isObject())) {
                return new JsonRpcError(200, JsonRpcError.INVALID_PARAMS,
                        "Invalid params: tools/call needs params.name (a string) and params.arguments (an object).", id);
            }
        }
        return null;
    }

    /** At most max bytes; null when the body is larger. A body that cannot be read counts as empty (400 follows). */
    private byte[] readBounded(HttpServletRequest request) {
        try {
            byte[] bytes = request.getInputStream().readNBytes(maxRequestBytes + 1);
            return bytes.length > maxRequestBytes ? null : bytes;
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }
}
