package example.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import example.mcpauth.testsupport.AuditTrail;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The MCP server's audit trail (logs/audit-mcp-server.0.jsonl): a refused request writes one line, an
 * allowed tool call writes one line for the bearer decision and one for the tool's outcome, all with
 * the trace id of the caller's traceparent, which the MCP server passes on to the API. No token.
 */
class AuditTrailIT extends McpOverHttp {

    static final Path AUDIT = Path.of("target/liberty/wlp/usr/servers/mcptest/logs/audit-mcp-server.0.jsonl");
    static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"fetch-stock-prices\",\"arguments\":{}}}";

    static String newTraceId() {
        return AuditTrail.newTraceId();
    }

    static HttpResponse<String> call(String token, String traceId) throws Exception {
        return post(CALL, token, Map.of("MCP-Protocol-Version", "2025-11-25", "traceparent", AuditTrail.traceparent(traceId)));
    }

    static List<JsonNode> lines(String traceId) {
        return AuditTrail.lines(AUDIT, traceId);
    }

    @Test
    void aRequestWithoutTokenWritesOneRefusal() throws Exception {
        String trace = newTraceId();
        assertThat(call(null, trace).statusCode()).isEqualTo(401);

        assertThat(lines(trace)).singleElement().satisfies(line -> {
            assertThat(line.path("hop").asText()).isEqualTo("mcp-server");
            assertThat(line.path("outcome").asText()).isEqualTo("refused");
            assertThat(line.path("reason").asText()).isEqualTo("missing_token");
            assertThat(line.path("status").asInt()).isEqualTo(401);
            assertThat(line.path("sub").isNull()).isTrue();
        });
    }

    @Test
    void anAllowedToolCallWritesTheBearerDecisionAndTheToolOutcomeAndPassesTheTraceOn() throws Exception {
        String trace = newTraceId();
        String token = FakeAuthorizationServer.userToken("john.doe@demo.example", "USA");
        HttpResponse<String> r = call(token, trace);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("COM1");

        List<JsonNode> lines = lines(trace);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).path("operation").asText()).isEqualTo("POST /mcp");
        assertThat(lines.get(0).path("outcome").asText()).isEqualTo("allowed");
        assertThat(lines.get(1).path("tool").asText()).isEqualTo("fetch-stock-prices");
        assertThat(lines.get(1).path("operation").asText()).isEqualTo("tools/call");
        assertThat(lines.get(1).path("outcome").asText()).isEqualTo("allowed");
        assertThat(lines.get(1).path("sub").asText()).isEqualTo("john.doe@demo.example");
        assertThat(FakeAuthorizationServer.apiReceivedTraceparents).anyMatch(t -> t.startsWith("00-" + trace + "-")
                && !t.contains("00f067aa0ba902b7"));
        assertThat(Files.readString(AUDIT)).doesNotContain(token).doesNotContain(token.split("\\.")[1]);
    }

    @Test
    void aToolCallTheApiRefusesWritesTheRefusal() throws Exception {
        FakeAuthorizationServer.apiMode = FakeAuthorizationServer.ApiMode.FORBIDDEN_SCOPE;
        String trace = newTraceId();
        assertThat(call(FakeAuthorizationServer.userToken("jane.test@demo.example", "Europe"), trace).statusCode()).isEqualTo(200);

        assertThat(lines(trace)).filteredOn(l -> !l.path("tool").isNull()).singleElement().satisfies(line -> {
            assertThat(line.path("outcome").asText()).isEqualTo("refused");
            assertThat(line.path("reason").asText()).isEqualTo("stocks_api_forbidden");
        });
    }

    /** The sum of the application metric series named {@code name} whose labels include every one of {@code labels}. */
    static double metric(String name, String... labels) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:29180/metrics?scope=application"))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        double sum = 0;
        for (String line : r.body().split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= line.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Test
    void theExchangeCacheAndTheExchangeTimeAreCounted() throws Exception {
        String token = FakeAuthorizationServer.userToken("john.doe@demo.example", "USA");
        double misses = metric("token_exchange_cache_total", "result=\"miss\"");
        double hits = metric("token_exchange_cache_total", "result=\"hit\"");
        double exchanges = metric("token_exchange_seconds_count");

        assertThat(call(token, newTraceId()).statusCode()).isEqualTo(200);
        assertThat(call(token, newTraceId()).statusCode()).isEqualTo(200);

        assertThat(metric("token_exchange_cache_total", "result=\"miss\"")).isEqualTo(misses + 1);
        assertThat(metric("token_exchange_cache_total", "result=\"hit\"")).isEqualTo(hits + 1);
        assertThat(metric("token_exchange_seconds_count")).isEqualTo(exchanges + 1);
    }
}
