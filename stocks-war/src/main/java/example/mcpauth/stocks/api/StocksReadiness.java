package example.mcpauth.stocks.api;

import example.mcpauth.stocks.domain.StockRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Part of Liberty's {@code /health/ready}: the API is ready once its stock list is loaded. */
@Readiness
@ApplicationScoped
public class StocksReadiness implements HealthCheck {

    @Inject
    StockRepository repository;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("stocks-api").status(!repository.all().isEmpty())
                .withData("stocks", repository.all().size()).build();
    }
}
