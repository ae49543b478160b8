package example.mcpauth.stocks.api;

import example.mcpauth.oauth.DependencyCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Part of Liberty's {@code /health/ready}: the API can serve only when it can validate tokens, i.e. the
 * authorization server's JWKS (AS_JWKS_URL) is reachable and holds keys. DOWN otherwise, with the reason.
 */
@Readiness
@ApplicationScoped
public class StocksReadiness implements HealthCheck {

    @Inject
    @ConfigProperty(name = "as.jwks.url")
    String jwksUrl;

    private DependencyCheck jwks;

    @PostConstruct
    void init() {
        jwks = DependencyCheck.jwks(jwksUrl);
    }

    @Override
    public HealthCheckResponse call() {
        DependencyCheck.Outcome outcome = jwks.check();
        return HealthCheckResponse.named("stocks-api").status(outcome.up()).withData(jwks.name(), outcome.detail()).build();
    }
}
