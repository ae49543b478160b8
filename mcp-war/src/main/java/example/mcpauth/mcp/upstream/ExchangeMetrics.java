package example.mcpauth.mcp.upstream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The token exchange's metrics (MicroProfile Metrics, application scope, GET /metrics?scope=application):
 * {@code token_exchange_cache_total{result="hit"|"miss"}} and the timer {@code token_exchange_seconds}
 * of each call of the token endpoint (refused and failed calls included).
 */
@ApplicationScoped
public class ExchangeMetrics {

    @Inject
    MetricRegistry registry;

    void cache(boolean hit) {
        registry.counter("token_exchange_cache", new Tag("result", hit ? "hit" : "miss")).inc();
    }

    void exchanged(Duration took) {
        registry.timer("token_exchange").update(took);
    }
}
