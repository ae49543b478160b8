package example.mcpauth.mcp;

import example.mcpauth.oauth.DependencyCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Part of Liberty's {@code /health/ready}: the MCP server can serve a tool call only when it can validate
 * tokens (the JWKS is reachable and has keys), exchange them (the token endpoint answers) and call the
 * stocks API (it answers 401 to a request without a token). DOWN otherwise, naming what is missing.
 */
@Readiness
@ApplicationScoped
public class McpReadiness implements HealthCheck {

    @Inject @ConfigProperty(name = "as.jwks.url") String jwksUrl;
    @Inject @ConfigProperty(name = "as.token.endpoint") String tokenEndpoint;
    @Inject @ConfigProperty(name = "stocks.api.url") String stocksApiUrl;

    private List<DependencyCheck> checks;

    @PostConstruct
    void init() {
        checks = List.of(DependencyCheck.jwks(jwksUrl),
                // GET on a token endpoint is refused (400/401/405), but it answers: reachable
                DependencyCheck.endpoint("token-endpoint", tokenEndpoint, status -> status < 500),
                DependencyCheck.endpoint("stocks-api", stocksApiUrl + "/stocks", status -> status == 401));
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("mcp-server").up();
        for (DependencyCheck check : checks) {
            DependencyCheck.Outcome outcome = check.check();
            response.withData(check.name(), (outcome.up() ? "UP: " : "DOWN: ") + outcome.detail());
            if (!outcome.up()) {
                response.down();
            }
        }
        return response.build();
    }
}
