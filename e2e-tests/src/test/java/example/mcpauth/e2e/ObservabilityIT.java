package example.mcpauth.e2e;

import example.mcpauth.testsupport.Http;
import example.mcpauth.testsupport.OAuthClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traces, audit trail and metrics of one signed-in agent, against the real stack with tracing on
 * (config/test.env points OTEL_EXPORTER_OTLP_ENDPOINT at {@link OtlpReceiver}): one trace id on every hop
 * of one tool call (the gateway's audit line, the MCP server's spans and audit line, the API's spans and
 * audit line), MCP's {@code _meta} trace context honoured without a traceparent header, and the Liberty
 * counters of tool calls and refusals moving with the audit trail. The first test makes the token's first
 * tool call, so that the MCP server exchanges it (later calls find the exchanged token in its cache).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {

    private static final int CALLBACK_PORT = 18482;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
    private static final Duration EXPORT_WAIT = Duration.ofSeconds(30);
    private static String token;

    @BeforeAll
    static void signIn() throws Exception {
        assertThat(OtlpReceiver.start()).as("OTEL_EXPORTER_OTLP_ENDPOINT is set for the tests' stack").isTrue();
        OAuthClient client = OAuthClient.register("E2E observability", "http://127.0.0.1:" + CALLBACK_PORT + "/callback");
        try (Browser browser = new Browser(E2e.workDir("observability"), null)) {
            String landed = browser.signIn(client.authorizationUrl(), E2e.JOHN, E2e.inbox(), Browser.Consent.APPROVE, null);
            token = client.redeemRedirect(landed).path("access_token").asText();
        }
        SEEN.add(token);
    }

    @AfterAll
    static void noTokenLogged() throws Exception {
        LogHygiene.assertNoneLogged(SEEN);
    }

    // ---- traces ----------------------------------------------------------------------------------

    @Test
    @Order(1)
    void oneToolCallIsOneTraceThroughGatewayMcpServerAndApi() throws Exception {
        int before = auditLines("gateway").size();
        // no traceparent from the client: the gateway starts the trace
        HttpResponse<String> r = McpHttp.callFetchStockPrices(E2e.stack().mcpUrl(), token);
        assertThat(r.statusCode()).isEqualTo(200);
        E2e.assertUsaStocks(McpHttp.message(r));

        JsonNode gatewayLine = awaitAuditLine("gateway", before, l -> l.path("operation").asText().equals("POST /mcp"));
        assertThat(gatewayLine.path("outcome").asText()).isEqualTo("allowed");
        String trace = gatewayLine.path("trace_id").asText();
        assertThat(trace).matches("[0-9a-f]{32}");

        List<OtlpReceiver.Span> spans = OtlpReceiver.awaitTrace(trace, ObservabilityIT::hasEveryHop, EXPORT_WAIT);
        System.out.printf("trace %s of one tools/call through the gateway:%n%s", trace, OtlpReceiver.render(spans));
        assertThat(hasEveryHop(spans)).as("every hop has its spans in trace %s", trace).isTrue();

        OtlpReceiver.Span mcp = server(spans, E2e.stack().get("MCP_PATH"));
        OtlpReceiver.Span tool = only(spans, s -> s.name().equals("tools/call fetch-stock-prices"));
        OtlpReceiver.Span exchange = only(spans, s -> s.kind().equals("CLIENT") && s.attribute("url.full").startsWith(E2e.stack().tokenEndpoint()));
        OtlpReceiver.Span apiCall = only(spans, s -> s.kind().equals("CLIENT") && s.attribute("url.full").startsWith(E2e.stack().stocksApiUrl()));
        OtlpReceiver.Span api = server(spans, "/api/stocks");
        // the MCP server's span continues the gateway's traceparent: its parent is the gateway's span id
        assertThat(mcp.parentSpanId()).matches("[0-9a-f]{16}");
        assertThat(tool.parentSpanId()).isEqualTo(mcp.spanId());
        assertThat(tool.attribute("mcp.tool.outcome")).isEqualTo("allowed");
        assertThat(exchange.parentSpanId()).isEqualTo(tool.spanId());
        assertThat(apiCall.parentSpanId()).isEqualTo(tool.spanId());
        assertThat(api.parentSpanId()).isEqualTo(apiCall.spanId());

        // the audit trail of the same call carries the same trace id at every hop
        assertThat(awaitAuditLine("mcp-server", 0, l -> trace.equals(l.path("trace_id").asText())
                && "fetch-stock-prices".equals(l.path("tool").asText())).path("outcome").asText()).isEqualTo("allowed");
        assertThat(awaitAuditLine("stocks-api", 0, l -> trace.equals(l.path("trace_id").asText()))
                .path("operation").asText()).isEqualTo("GET /api/stocks");
    }

    @Test
    @Order(2)
    void mcpMetaTraceContextIsHonouredWithoutAHeaderThroughTheGatewayAndStraightToLiberty() throws Exception {
        for (String url : List.of(E2e.stack().mcpUrl(), E2e.stack().libertyUrl() + E2e.stack().get("MCP_PATH"))) {
            boolean direct = !url.equals(E2e.stack().mcpUrl());
            String trace = newTraceId();
            String call = """
                    {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"fetch-stock-prices","arguments":{},\
                    "_meta":{"traceparent":"00-%s-00f067aa0ba902b7-01"}}}""".formatted(trace);
            // straight to Liberty the caller holds the JWT the gateway would have made of the token
            String bearer = direct ? seen(Tokens.introspectToJwt(token)) : token;
            HttpResponse<String> r = McpHttp.post(url, bearer, call);
            assertThat(r.statusCode()).as(url).isEqualTo(200);
            E2e.assertUsaStocks(McpHttp.message(r));

            List<OtlpReceiver.Span> spans = OtlpReceiver.awaitTrace(trace,
                    s -> s.stream().anyMatch(x -> x.name().startsWith("tools/call")) && hasServer(s, "/api/stocks"), EXPORT_WAIT);
            System.out.printf("trace %s from params._meta (%s):%n%s", trace, direct ? "straight to Liberty" : "through the gateway",
                    OtlpReceiver.render(spans));
            OtlpReceiver.Span tool = only(spans, s -> s.name().equals("tools/call fetch-stock-prices"));
            assertThat(server(spans, "/api/stocks").traceId()).isEqualTo(trace);
            if (direct) {
                // the HTTP request's own span started a trace of its own: the tool call's span links to it
                assertThat(tool.parentSpanId()).isEqualTo("00f067aa0ba902b7");
                assertThat(tool.linkedTraceIds()).hasSize(1).doesNotContain(trace);
            } else {
                assertThat(server(spans, E2e.stack().get("MCP_PATH")).traceId()).isEqualTo(trace);
                assertThat(awaitAuditLine("gateway", 0, l -> trace.equals(l.path("trace_id").asText()))).isNotNull();
            }
            assertThat(awaitAuditLine("mcp-server", 0, l -> trace.equals(l.path("trace_id").asText())
                    && "fetch-stock-prices".equals(l.path("tool").asText()))).isNotNull();
        }
    }

    // ---- metrics ---------------------------------------------------------------------------------

    @Test
    @Order(3)
    void toolCallAndRefusalCountersMoveWithTheAuditTrail() throws Exception {
        Map<String, String> allowed = Map.of("tool", "fetch-stock-prices", "outcome", "allowed");
        double toolCalls = counter("tool_calls_total", allowed);
        assertThat(McpHttp.callFetchStockPrices(E2e.stack().mcpUrl(), token).statusCode()).isEqualTo(200);
        assertThat(counter("tool_calls_total", allowed)).isEqualTo(toolCalls + 1);

        // the MCP server refuses a bearer token that is no JWT of the authorization server (straight to Liberty)
        int mcpBefore = auditLines("mcp-server").size();
        Map<String, String> mcpRefusal = Map.of("hop", "mcp-server", "reason", "invalid_token");
        double mcpRefusals = counter("refusals_total", mcpRefusal);
        HttpResponse<String> refused = McpHttp.callFetchStockPrices(E2e.stack().libertyUrl() + E2e.stack().get("MCP_PATH"), "not-a-jwt");
        assertThat(refused.statusCode()).isEqualTo(401);
        JsonNode mcpLine = awaitAuditLine("mcp-server", mcpBefore, l -> "refused".equals(l.path("outcome").asText()));
        assertThat(mcpLine.path("reason").asText()).isEqualTo("invalid_token");
        assertThat(counter("refusals_total", mcpRefusal)).isEqualTo(mcpRefusals + 1);

        // the stocks API refuses a request without a token: its own counter, by the reason of its audit line
        int apiBefore = auditLines("stocks-api").size();
        Map<String, String> apiRefusal = Map.of("hop", "stocks-api", "reason", "missing_token");
        double apiRefusals = counter("refusals_total", apiRefusal);
        HttpResponse<String> noToken = McpHttp.HTTP.send(HttpRequest.newBuilder(URI.create(E2e.stack().stocksApiUrl() + "/stocks"))
                .timeout(Duration.ofSeconds(10)).GET().build());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(awaitAuditLine("stocks-api", apiBefore, l -> "refused".equals(l.path("outcome").asText()))
                .path("reason").asText()).isEqualTo("missing_token");
        assertThat(counter("refusals_total", apiRefusal)).isEqualTo(apiRefusals + 1);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static String seen(String token) {
        SEEN.add(token);
        return token;
    }

    private static boolean hasEveryHop(List<OtlpReceiver.Span> spans) {
        return hasServer(spans, E2e.stack().get("MCP_PATH")) && hasServer(spans, "/api/stocks")
                && spans.stream().filter(s -> s.kind().equals("CLIENT")).count() >= 2
                && spans.stream().anyMatch(s -> s.name().startsWith("tools/call"));
    }

    private static boolean hasServer(List<OtlpReceiver.Span> spans, String path) {
        return spans.stream().anyMatch(s -> s.kind().equals("SERVER") && s.attribute("url.path").equals(path));
    }

    private static OtlpReceiver.Span server(List<OtlpReceiver.Span> spans, String path) {
        return only(spans, s -> s.kind().equals("SERVER") && s.attribute("url.path").equals(path));
    }

    private static OtlpReceiver.Span only(List<OtlpReceiver.Span> spans, java.util.function.Predicate<OtlpReceiver.Span> p) {
        List<OtlpReceiver.Span> found = spans.stream().filter(p).toList();
        assertThat(found).as("one such span among%n%s", OtlpReceiver.render(spans)).hasSize(1);
        return found.get(0);
    }

    private static String newTraceId() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static Path auditFile(String hop) {
        Path dir = E2e.stack().root().resolve(E2e.stack().get("AUDIT_LOG_DIR"));
        return dir.resolve(hop.equals("gateway") ? "audit-gateway.jsonl" : "audit-" + hop + ".0.jsonl");
    }

    private static List<JsonNode> auditLines(String hop) throws Exception {
        Path file = auditFile(hop);
        if (!Files.exists(file)) return List.of();
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line in " + file + ": " + l, e);
            }
        }).toList();
    }

    /** The first audit line of {@code hop} after the first {@code since} that matches (hops write just after answering: waits up to 10 s). */
    private static JsonNode awaitAuditLine(String hop, int since, java.util.function.Predicate<JsonNode> match) throws Exception {
        for (int i = 0; i < 100; i++) {
            List<JsonNode> lines = auditLines(hop);
            for (JsonNode l : lines.subList(Math.min(since, lines.size()), lines.size())) {
                if (match.test(l)) return l;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no such audit line of " + hop + " in " + auditFile(hop));
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\}\\s+(\\S+)$");

    /** A counter of Liberty's /metrics (Prometheus text): the sum over the samples whose labels include {@code labels}. */
    private static double counter(String name, Map<String, String> labels) throws Exception {
        HttpResponse<String> r = new Http().get(E2e.stack().libertyUrl() + "/metrics?scope=application");
        assertThat(r.statusCode()).isEqualTo(200);
        double sum = 0;
        for (String line : r.body().split("\n")) {
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.matches() || !m.group(1).equals(name)) continue;
            String l = m.group(2);
            if (labels.entrySet().stream().allMatch(e -> l.contains(e.getKey() + "=\"" + e.getValue() + "\""))) {
                sum += Double.parseDouble(m.group(3));
            }
        }
        return sum;
    }
}
