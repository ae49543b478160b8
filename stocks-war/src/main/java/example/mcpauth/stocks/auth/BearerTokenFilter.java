package example.mcpauth.stocks.auth;

import example.mcpauth.stocks.api.ErrorBody;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Requires a valid access token with the API's scope on every request to the JAX-RS application.
 * <p>
 * Liberty's mpJwt validates the bearer token (issuer, signature, algorithm, audience, time) before
 * this filter runs: a valid token becomes the request's {@link JsonWebToken} principal. A rejected
 * token leaves no principal and a bare {@code 401 Bearer realm="MP-JWT"} with an empty body on the
 * response; this filter replaces that with an RFC 6750 challenge and a JSON body, so the caller
 * always gets the same, documented error format.
 * <p>
 * Mapped by servlet name to the JAX-RS application only (the servlet name of a JAX-RS application
 * is its class name), so that other servlets of the WAR, if any, are not affected.
 */
@WebFilter(filterName = "bearer-token", servletNames = "example.mcpauth.stocks.api.StocksApplication")
public class BearerTokenFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    transient StocksSettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String authorization = request.getHeader("Authorization");
        if (!(request.getUserPrincipal() instanceof JsonWebToken jwt)) {
            if (authorization == null || authorization.isBlank()) {
                reject(response, 401, BearerChallenge.missingToken(StocksSettings.REALM),
                        new ErrorBody("missing_token", "This API requires an access token: send it as "
                                + "'Authorization: Bearer <token>'."));
            } else if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                reject(response, 401, BearerChallenge.missingToken(StocksSettings.REALM),
                        new ErrorBody("invalid_request", "The Authorization header must use the Bearer scheme."));
            } else {
                reject(response, 401, BearerChallenge.invalidToken(StocksSettings.REALM,
                                "The access token is invalid, expired or not issued for this API"),
                        new ErrorBody("invalid_token", "The access token was rejected: it is malformed, expired or "
                                + "not yet valid, not signed by the trusted authorization server, or issued for "
                                + "another audience than this API. Obtain a new token for this API."));
            }
            return;
        }
        String scope = settings.requiredScope();
        if (!Callers.scopes(Callers.text(jwt.getClaim("scope"))).contains(scope)) {
            reject(response, 403, BearerChallenge.insufficientScope(StocksSettings.REALM, scope,
                            "The access token lacks the scope " + scope),
                    new ErrorBody("insufficient_scope", "The access token does not grant the scope '" + scope
                            + "' this API requires. Request a token with scope=" + scope + "."));
            return;
        }
        chain.doFilter(request, response);
    }

    static void reject(HttpServletResponse response, int status, String challenge, ErrorBody body)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        // drops whatever Liberty's mpJwt put there (status 401, WWW-Authenticate: Bearer realm="MP-JWT")
        response.reset();
        response.setStatus(status);
        response.setHeader("WWW-Authenticate", challenge);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name().toLowerCase(Locale.ROOT));
        response.getWriter().write(body.toJson());
    }
}
