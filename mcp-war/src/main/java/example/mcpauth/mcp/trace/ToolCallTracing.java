package example.mcpauth.mcp.trace;

import example.mcpauth.mcp.audit.McpAudit;
import example.mcpauth.oauth.audit.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One span per MCP tool call ({@code tools/call <tool>}, MicroProfile Telemetry's {@link Tracer}): the token
 * exchange and the stocks API call, which the MicroProfile REST Client traces itself, become its children.
 * Its parent is the HTTP request's span (Liberty's, continuing the gateway's traceparent); when the request
 * came without a valid traceparent header, a valid {@code traceparent} in the call's {@code params._meta}
 * (MCP's trace context) is the parent instead, and the audit trail's trace id follows it. With tracing off
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT} empty) the tracer is a no-op: only the audit trail's trace id moves.
 */
@ApplicationScoped
public class ToolCallTracing {

    /** Where MCP carries W3C trace context in a request: {@code params._meta.traceparent} (and tracestate). */
    public static final String META_TRACEPARENT = "traceparent";

    private static final TextMapGetter<Map<String, Object>> META = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, Object> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, Object> carrier, String key) {
            return carrier != null && carrier.get(key) instanceof String s ? s : null;
        }
    };

    @Inject Tracer tracer;

    /** Runs {@code call} (the tool's work) inside the tool call's span; {@code meta} is the request's {@code _meta}. */
    public <T> T traced(String tool, Map<String, Object> meta, Supplier<T> call) {
        Context parent = Context.current();
        String metaTrace = McpAudit.currentTraceId() == null && meta != null
                ? TraceParent.traceId(META.get(meta, META_TRACEPARENT)) : null;
        if (metaTrace != null) {
            parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), meta, META);
            McpAudit.useTrace(metaTrace);
        }
        var builder = tracer.spanBuilder("tools/call " + tool)
                .setParent(parent)
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute("mcp.method.name", "tools/call")
                .setAttribute("gen_ai.tool.name", tool)
                .setAttribute("gen_ai.operation.name", "execute_tool");
        if (metaTrace != null) {
            // the HTTP request's own span (a trace of its own: no header) stays linked to the call
            builder.addLink(Span.current().getSpanContext());
        }
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return call.get();
        } finally {
            span.end();
        }
    }

    /** Marks the current span (the tool call's) with the outcome the audit trail records. */
    public static void outcome(String outcome, String reason) {
        Span span = Span.current();
        span.setAttribute("mcp.tool.outcome", outcome);
        if (reason != null) {
            span.setAttribute("error.type", reason);
            span.setStatus(StatusCode.ERROR, reason);
        }
    }
}
