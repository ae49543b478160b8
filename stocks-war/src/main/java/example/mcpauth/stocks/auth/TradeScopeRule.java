package example.mcpauth.stocks.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/**
 * THE TRADE-SCOPE RULE: placing an order ({@code POST /api/orders}) needs STOCKS_TRADE_SCOPE on top of
 * STOCKS_SCOPE; every other operation needs STOCKS_SCOPE. A token without them is refused with 403
 * {@code insufficient_scope} naming every scope the operation needs (in {@link BearerTokenFilter}). Scope
 * is necessary, not sufficient: with both scopes, the client-assurance and region rules still decide.
 */
public final class TradeScopeRule {

    private TradeScopeRule() {
    }

    /** Every scope {@code request} needs, STOCKS_SCOPE first. */
    public static List<String> requiredScopes(HttpServletRequest request, StocksSettings settings) {
        return placesOrder(request) ? List.of(settings.requiredScope(), settings.tradeScope()) : List.of(settings.requiredScope());
    }

    /** POST to the orders collection (context root /api, JAX-RS application at /). */
    static boolean placesOrder(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length()).replaceAll("/+$", "");
        return "POST".equals(request.getMethod()) && "/orders".equals(path);
    }
}
