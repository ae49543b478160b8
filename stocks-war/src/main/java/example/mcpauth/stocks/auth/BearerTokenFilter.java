package example.mcpauth.stocks.auth;

import example.mcpauth.oauth.AuthErrorResponse;
import example.mcpauth.oauth.BearerAuthorization;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Requires a valid access token with the API's scope on every request to the JAX-RS application (and
 * the trade scope for orders: {@link TradeScopeRule}),
 * and answers refusals with an RFC 6750 challenge and a JSON body ({@link BearerAuthorization}, shared
 * with the MCP server). Liberty's mpJwt has validated the token before (liberty-config's
 * audience-check.xml: audience = this API).
 * <p>
 * Mapped by servlet name to the JAX-RS application only (its servlet name is its class name).
 */
@WebFilter(filterName = "bearer-token", servletNames = "example.mcpauth.stocks.api.StocksApplication")
public class BearerTokenFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    /** Realm in the API's WWW-Authenticate challenges. */
    public static final String REALM = "stocks-api";

    private final transient BearerAuthorization authorization = new BearerAuthorization(REALM, null, "this API");

    @Inject
    transient StocksSettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        var refusal = authorization.check(request, response, List.of(settings.requiredScope()));
        if (refusal.isEmpty() || refusal.get().status() == 403) {
            // a valid token: it needs every scope of this operation (TradeScopeRule), all named in one 403 challenge
            refusal = authorization.check(request, TradeScopeRule.requiredScopes(request, settings));
        }
        if (refusal.isPresent()) {
            ApiAudit.refused(request, refusal.get().code(), refusal.get().status());
            AuthErrorResponse.send(response, refusal.get());
            return;
        }
        chain.doFilter(request, response);
    }
}
