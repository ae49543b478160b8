package example.mcpauth.mcp.tools;

import io.modelcontextprotocol.common.McpTransportContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Carries the caller's validated access token from the HTTP request to the tool handler (never logged). */
public final class CallerToken {

    /** Key of the token in the MCP transport context. */
    public static final String CONTEXT_KEY = "mcp.access_token";

    private CallerToken() {
    }

    /** The SDK's context extractor: the token mpJwt validated for this request, if any. */
    public static McpTransportContext extract(HttpServletRequest request) {
        if (request.getUserPrincipal() instanceof JsonWebToken jwt && jwt.getRawToken() != null) {
            return McpTransportContext.create(Map.of(CONTEXT_KEY, jwt.getRawToken()));
        }
        return McpTransportContext.EMPTY;
    }

    /** The token from the transport context, or null when none reached the tool. */
    public static String from(McpTransportContext context) {
        Object token = context == null ? null : context.get(CONTEXT_KEY);
        return token instanceof String s && !s.isBlank() ? s : null;
    }
}
