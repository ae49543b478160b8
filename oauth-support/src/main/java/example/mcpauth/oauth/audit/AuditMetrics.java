package example.mcpauth.oauth.audit;

import java.util.function.Consumer;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The audit trail's decisions as MicroProfile Metrics counters (application scope, {@code GET /metrics}):
 * {@code refusals_total{hop,reason}} for every refused decision, and {@code tool_calls_total{tool,outcome}}
 * for every tool call (outcome allowed, refused or error). Tag values are codes of ours and tool names of
 * the server's own list: never a token or a user. Each WAR registers it from a CDI bean of its own
 * ({@link AuditCounters}), so that the counters land in the registry Liberty serves.
 */
public final class AuditMetrics implements Consumer<AuditEvent>, AutoCloseable {

    static final Metadata REFUSALS = Metadata.builder().withName("refusals")
            .withDescription("authorization decisions refused, by hop and reason code (the audit trail's)").build();
    static final Metadata TOOL_CALLS = Metadata.builder().withName("tool_calls")
            .withDescription("MCP tool calls by tool and outcome (allowed, refused, error)").build();

    private final MetricRegistry registry;

    private AuditMetrics(MetricRegistry registry) {
        this.registry = registry;
    }

    /** Counts every audit event of this WAR into {@code registry} until {@link #close()}. */
    public static AuditMetrics register(MetricRegistry registry) {
        AuditMetrics metrics = new AuditMetrics(registry);
        AuditLog.addListener(metrics);
        return metrics;
    }

    @Override
    public void accept(AuditEvent event) {
        if (AuditEvent.REFUSED.equals(event.outcome())) {
            registry.counter(REFUSALS, new Tag("hop", event.hop()), new Tag("reason", orNone(event.reason()))).inc();
        }
        if (event.tool() != null) {
            registry.counter(TOOL_CALLS, new Tag("tool", event.tool()), new Tag("outcome", orNone(event.outcome()))).inc();
        }
    }

    @Override
    public void close() {
        AuditLog.removeListener(this);
    }

    private static String orNone(String v) {
        return v == null || v.isBlank() ? "none" : v;
    }
}
