package example.mcpauth.oauth.audit;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class AuditMetricsTest {

    private static AuditEvent event(String tool) {
        return new AuditEvent(null, null, "mcp-server", "sub-1", "client-1", "mcp", "1", tool, "POST /mcp", null, null, 0);
    }

    @Test
    void everyWrittenEventIsCountedByOutcomeUntilClosed(@TempDir Path dir) {
        MetricRegistry registry = mock(MetricRegistry.class);
        Counter counter = mock(Counter.class);
        when(registry.counter(any(org.eclipse.microprofile.metrics.Metadata.class), any(Tag[].class))).thenReturn(counter);
        AuditLog log = new AuditLog(dir, "mcp-server", 10_000, 1);

        try (AuditMetrics ignored = AuditMetrics.register(registry)) {
            log.write(event(null).refused("invalid_token", 401));
            log.write(event("fetch-stock-prices").allowed(0));
            log.write(event("fetch-stock-prices").refused("stocks_api_forbidden", 0));
            log.write(event(null).allowed(0));
        }
        log.write(event(null).refused("invalid_token", 401));
        log.close();

        verify(registry).counter(AuditMetrics.REFUSALS, new Tag("hop", "mcp-server"), new Tag("reason", "invalid_token"));
        verify(registry).counter(AuditMetrics.REFUSALS, new Tag("hop", "mcp-server"), new Tag("reason", "stocks_api_forbidden"));
        verify(registry).counter(AuditMetrics.TOOL_CALLS, new Tag("tool", "fetch-stock-prices"), new Tag("outcome", "allowed"));
        verify(registry).counter(AuditMetrics.TOOL_CALLS, new Tag("tool", "fetch-stock-prices"), new Tag("outcome", "refused"));
        // four counted events (two refusals, two tool calls); the one after close() is not
        verify(counter, times(4)).inc();
    }
}
