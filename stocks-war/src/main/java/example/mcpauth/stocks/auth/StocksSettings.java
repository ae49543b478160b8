package example.mcpauth.stocks.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The API's own settings from MicroProfile Config (STOCKS_SCOPE, STOCKS_TRADE_SCOPE, STOCKS_MIN_ASSURANCE_FOR_SENSITIVE in config/stack.env). */
@ApplicationScoped
public class StocksSettings {

    @Inject
    @ConfigProperty(name = "stocks.scope")
    String requiredScope;

    @Inject
    @ConfigProperty(name = "stocks.trade.scope")
    String tradeScope;

    @Inject
    @ConfigProperty(name = "stocks.min.assurance.for.sensitive")
    int minAssuranceForSensitive;

    @Inject
    @ConfigProperty(name = "stocks.max.order.quantity")
    int maxOrderQuantity;

    public int maxOrderQuantity() {
        return maxOrderQuantity;
    }

    public String requiredScope() {
        return requiredScope;
    }

    /** The scope placing an order needs on top of {@link #requiredScope()} (STOCKS_TRADE_SCOPE). */
    public String tradeScope() {
        return tradeScope;
    }

    public int minAssuranceForSensitive() {
        return minAssuranceForSensitive;
    }
}
