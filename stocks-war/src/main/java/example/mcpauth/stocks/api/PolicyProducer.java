package example.mcpauth.stocks.api;

import example.mcpauth.stocks.auth.StocksSettings;
import example.mcpauth.stocks.policy.ClientAssurancePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/** The configured {@link ClientAssurancePolicy} (minimum from {@code stocks.min.assurance.for.sensitive}). */
@ApplicationScoped
public class PolicyProducer {

    @Produces
    @Dependent
    ClientAssurancePolicy clientAssurancePolicy(StocksSettings settings) {
        return new ClientAssurancePolicy(settings.minAssuranceForSensitive());
    }
}
