package example.mcpauth.stocks.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The API's own settings from MicroProfile Config (env vars, server variables, microprofile-config.properties). */
@ApplicationScoped
public class StocksSettings {

    /** Realm in our WWW-Authenticate challenges. */
    public static final String REALM = "stocks-api";

    @Inject
    @ConfigProperty(name = "stocks.scope", defaultValue = "stocks/read")
    String requiredScope;

    @Inject
    @ConfigProperty(name = "stocks.min.assurance.for.sensitive", defaultValue = "2")
    int minAssuranceForSensitive;

    @Inject
    @ConfigProperty(name = "stocks.api.audience")
    String audience;

    public String requiredScope() {
        return requiredScope;
    }

    public int minAssuranceForSensitive() {
        return minAssuranceForSensitive;
    }

    public String audience() {
        return audience;
    }
}
