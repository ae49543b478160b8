package example.mcpauth.oauth.audit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Counts a WAR's audit events ({@link AuditMetrics}) from its start to its end. Not a bean itself: each WAR
 * declares an {@code @ApplicationScoped} subclass (its injection point, observer and pre-destroy method are
 * inherited), so the counters go to the registry of the WAR's own CDI container, the one Liberty serves.
 */
public abstract class AuditCounters {

    @Inject protected MetricRegistry registry;
    private AuditMetrics metrics;

    protected void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        metrics = AuditMetrics.register(registry);
    }

    @PreDestroy
    protected void stop() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
