package example.mcpauth.mcp.http;

import example.mcpauth.mcp.audit.McpAudit;
import example.mcpauth.oauth.AuthErrorResponse;
import example.mcpauth.oauth.BearerAuthorization;
import example.mcpauth.oauth.ResourceMetadataUrl;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * The MCP endpoint's bearer-token rule: the shared {@link BearerAuthorization} (oauth-support) with the
 * RFC 9728 {@code resource_metadata} in every challenge, so an MCP client can discover the authorization
 * server from a 401. Liberty's mpJwt (liberty-config's audience-check.xml) has validated the token.
 */
public class BearerTokenFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient BearerAuthorization authorization;
    private final List<String> requiredScopes;

    public BearerTokenFilter(String resource, List<String> requiredScopes) {
        this.authorization = new BearerAuthorization(null, ResourceMetadataUrl.of(resource), "this MCP server");
        this.requiredScopes = List.copyOf(requiredScopes);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        var refusal = authorization.check(request, response, requiredScopes);
        McpAudit.bearerDecision(request, refusal);
        if (refusal.isPresent()) {
            AuthErrorResponse.send(response, refusal.get());
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            McpAudit.end();
        }
    }
}
