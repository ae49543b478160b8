package example.mcpauth.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * The tests' own OpenTelemetry collector: an OTLP/HTTP (protobuf) receiver at the stack's
 * OTEL_EXPORTER_OTLP_ENDPOINT (config/test.env), keeping every span Liberty exports in memory. It runs
 * for the whole test JVM (a JUnit LauncherSessionListener), so no test's spans are lost, and does
 * nothing when the setting is empty (tracing off). Metrics and logs are accepted and dropped.
 */
public final class OtlpReceiver implements LauncherSessionListener {

    /** One span as received. Ids are lower-case hex; parentSpanId is "" for a root. */
    public record Span(String traceId, String spanId, String parentSpanId, String name, String kind,
            String service, Map<String, String> attributes, long startNanos, long endNanos, String status,
            List<String> linkedTraceIds) {

        public String attribute(String key) {
            return attributes.getOrDefault(key, "");
        }

        public double millis() {
            return (endNanos - startNanos) / 1e6;
        }
    }

    private static final List<Span> SPANS = new CopyOnWriteArrayList<>();
    private static HttpServer server;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        start();
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        stop();
    }

    /** Starts listening at the stack's OTLP endpoint (idempotent); false when tracing is off. */
    public static synchronized boolean start() {
        if (server != null) return true;
        String endpoint = E2e.stack().find("OTEL_EXPORTER_OTLP_ENDPOINT").orElse("");
        if (endpoint.isBlank()) return false;
        URI uri = URI.create(endpoint);
        try {
            server = HttpServer.create(new InetSocketAddress(uri.getHost(), uri.getPort()), 16);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen at OTEL_EXPORTER_OTLP_ENDPOINT " + endpoint, e);
        }
        server.createContext("/", OtlpReceiver::handle);
        server.start();
        return true;
    }

    public static synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private static void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(ex.getRequestBody()) : ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = ex.getRequestURI().getPath();
            if (!"POST".equals(ex.getRequestMethod()) || !path.startsWith("/v1/")) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] answer = new byte[0];
            if (path.equals("/v1/traces")) {
                try {
                    keep(ExportTraceServiceRequest.parseFrom(body));
                } catch (IOException e) {
                    ex.sendResponseHeaders(400, -1);
                    return;
                }
                answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            }
            ex.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            ex.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) ex.getResponseBody().write(answer);
        }
    }

    private static void keep(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String service = attributes(rs.getResource()).getOrDefault("service.name", "");
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span s : ss.getSpansList()) {
                    List<String> links = s.getLinksList().stream().map(l -> hex.formatHex(l.getTraceId().toByteArray())).toList();
                    SPANS.add(new Span(hex.formatHex(s.getTraceId().toByteArray()), hex.formatHex(s.getSpanId().toByteArray()),
                            hex.formatHex(s.getParentSpanId().toByteArray()), s.getName(),
                            s.getKind().name().replace("SPAN_KIND_", ""), service, attributes(s.getAttributesList()),
                            s.getStartTimeUnixNano(), s.getEndTimeUnixNano(),
                            s.getStatus().getCode().name().replace("STATUS_CODE_", ""), links));
                }
            }
        }
    }

    private static Map<String, String> attributes(Resource resource) {
        return attributes(resource.getAttributesList());
    }

    private static Map<String, String> attributes(List<KeyValue> list) {
        Map<String, String> map = new LinkedHashMap<>();
        for (KeyValue kv : list) map.put(kv.getKey(), text(kv.getValue()));
        return map;
    }

    private static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> Long.toString(v.getIntValue());
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            default -> v.toString().trim();
        };
    }

    /** The spans of {@code traceId} received so far. */
    public static List<Span> trace(String traceId) {
        return SPANS.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    /**
     * Waits until the spans of {@code traceId} satisfy {@code complete} (Liberty exports in batches, every
     * few seconds), up to {@code limit}; returns what there is then (the caller asserts on it).
     */
    public static List<Span> awaitTrace(String traceId, Predicate<List<Span>> complete, Duration limit) throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        List<Span> spans = trace(traceId);
        while (!complete.test(spans) && System.nanoTime() < until) {
            Thread.sleep(200);
            spans = trace(traceId);
        }
        return spans;
    }

    /** The spans as an indented tree (children under their parent, by start time) with durations. */
    public static String render(List<Span> spans) {
        StringBuilder b = new StringBuilder();
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong(Span::startNanos));
        long t0 = sorted.isEmpty() ? 0 : sorted.get(0).startNanos();
        for (Span root : sorted) {
            if (sorted.stream().noneMatch(p -> p.spanId().equals(root.parentSpanId()))) {
                render(b, root, sorted, 0, t0);
            }
        }
        return b.toString();
    }

    private static void render(StringBuilder b, Span s, List<Span> all, int depth, long t0) {
        String where = !s.attribute("url.full").isEmpty() ? s.attribute("url.full")
                : !s.attribute("url.path").isEmpty() ? s.attribute("url.path") : s.attribute("gen_ai.tool.name");
        String status = !s.attribute("http.response.status_code").isEmpty() ? " " + s.attribute("http.response.status_code")
                : !s.attribute("mcp.tool.outcome").isEmpty() ? " " + s.attribute("mcp.tool.outcome") : "";
        b.append(String.format("%-58s %-8s +%6.1f ms %7.1f ms  %s%s%n", "  ".repeat(depth) + s.name(), s.kind(),
                (s.startNanos() - t0) / 1e6, s.millis(), where.replaceAll("\\?.*", ""), status));
        all.stream().filter(c -> c.parentSpanId().equals(s.spanId()))
                .forEach(c -> render(b, c, all, depth + 1, t0));
    }
}
