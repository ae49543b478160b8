package example.mcpauth.mcp.http;

import com.fasterxml.jackson.databind.JsonNode;
import example.mcpauth.mcp.tools.ToolScopes;
import example.mcpauth.oauth.AuthErrorResponse;
import example.mcpauth.oauth.BearerAuthorization;
import example.mcpauth.oauth.InvalidClaim;
import example.mcpauth.oauth.ResourceMetadataUrl;
import example.mcpauth.oauth.TokenClaims;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * THE STEP-UP RULE of the MCP endpoint: a {@code tools/call} needs every scope its tool needs
 * ({@link ToolScopes}, MCP_TOOL_SCOPES). A valid token without one of them gets HTTP 403 with ONE
 * challenge naming every scope the call needs, not only the missing ones, and never {@code offline_access}
 * (oauth-support's {@link BearerAuthorization#insufficientScope}):
 * {@code WWW-Authenticate: Bearer resource_metadata="…", error="insufficient_scope", error_description="…", scope="stocks/read stocks/trade"}.
 * The same in both protocol eras: the tool name is read from the message {@link JsonRpcRequestFilter}
 * already parsed (at 2026-07-28 the SDK then checks that {@code Mcp-Name} says the same, -32020 otherwise).
 * Runs after {@link BearerTokenFilter}, which has accepted the token and its scope claim.
 */
public class ToolScopeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient BearerAuthorization authorization;
    private final transient ToolScopes toolScopes;

    public ToolScopeFilter(String resource, ToolScopes toolScopes) {
        this.authorization = new BearerAuthorization(null, ResourceMetadataUrl.of(resource), "this MCP server");
        this.toolScopes = toolScopes;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Set<String> needed = requiredScopes(request.getAttribute(JsonRpcRequestFilter.MESSAGE));
        if (!needed.isEmpty() && !granted(request).containsAll(needed)) {
            AuthErrorResponse.send(response, authorization.insufficientScope(String.join(" ", needed)));
            return;
        }
        chain.doFilter(request, response);
    }

    /** Every scope the tools/call messages of this request need (empty when it calls no tool). */
    Set<String> requiredScopes(Object message) {
        Set<String> needed = new LinkedHashSet<>();
        if (message instanceof JsonNode node) {
            for (JsonNode m : node.isArray() ? node : List.of(node)) {
                if ("tools/call".equals(m.path("method").asText()) && m.path("params").path("name").isTextual()) {
                    needed.addAll(toolScopes.of(m.path("params").path("name").asText()));
                }
            }
        }
        return needed;
    }

    private static Set<String> granted(HttpServletRequest request) {
        if (request.getUserPrincipal() instanceof JsonWebToken jwt) {
            try {
                return TokenClaims.scopes(jwt);
            } catch (InvalidClaim e) {
                return Set.of(); // BearerTokenFilter has refused such a token already
            }
        }
        return Set.of();
    }
}
