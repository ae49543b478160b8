package example.mcpauth.mcp.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.modern.McpSchema;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Which protocol era answers a request on the one MCP endpoint (2026-07-28 "Backward Compatibility"):
 * <ul>
 * <li>{@link #MODERN} (2026-07-28, stateless, the SDK's {@code io.modelcontextprotocol.modern} server):
 *     the message carries its protocol version in {@code params._meta["io.modelcontextprotocol/protocolVersion"]},
 *     or the {@code MCP-Protocol-Version} header says 2026-07-28;</li>
 * <li>{@link #CLASSIC} (2024-11-05 … 2025-11-25, {@code initialize}-based, the SDK's stateless server): any
 *     other request.</li>
 * </ul>
 * The decision reads the message {@link JsonRpcRequestFilter} parsed once (request attribute
 * {@link JsonRpcRequestFilter#MESSAGE}); a batch (array) is always classic.
 */
public enum ProtocolEra {
    CLASSIC, MODERN;

    /** The version that makes a request modern by its header alone. */
    public static final String MODERN_VERSION = McpSchema.LATEST_PROTOCOL_VERSION;

    public static ProtocolEra of(String versionHeader, JsonNode message) {
        if (message != null && message.isObject()
                && message.path("params").path("_meta").has(McpSchema.MetaKeys.PROTOCOL_VERSION)) {
            return MODERN;
        }
        if (message != null && message.isArray()) {
            return CLASSIC;
        }
        return versionHeader != null && MODERN_VERSION.equals(versionHeader.trim()) ? MODERN : CLASSIC;
    }

    /** The era of a request that passed {@link JsonRpcRequestFilter}. */
    public static ProtocolEra of(HttpServletRequest request) {
        Object message = request.getAttribute(JsonRpcRequestFilter.MESSAGE);
        return of(request.getHeader("MCP-Protocol-Version"), message instanceof JsonNode node ? node : null);
    }
}
