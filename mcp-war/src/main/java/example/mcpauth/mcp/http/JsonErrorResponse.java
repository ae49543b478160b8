package example.mcpauth.mcp.http;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/** Turns the SDK servlet's sendError(...) calls (HTML error pages) into JSON-RPC error bodies that echo the request's id. */
final class JsonErrorResponse extends HttpServletResponseWrapper {

    private final JsonNode id;

    JsonErrorResponse(HttpServletResponse response, JsonNode id) {
        super(response);
        this.id = id;
    }

    @Override
    public void sendError(int sc) throws IOException {
        sendError(sc, null);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        String message = switch (sc) {
            case 413 -> "Request body too large: send a smaller JSON-RPC message.";
            case 405 -> "Method not allowed: this stateless MCP endpoint takes POST only.";
            case 403 -> "Forbidden" + (msg == null ? "" : ": " + msg);
            case 503 -> "The MCP server is shutting down: try again in a moment.";
            default -> msg == null || msg.isBlank() ? "HTTP " + sc : msg;
        };
        new JsonRpcError(sc, sc == 400 ? JsonRpcError.INVALID_REQUEST : JsonRpcError.SERVER_ERROR, message, id)
                .send((HttpServletResponse) getResponse());
    }
}
