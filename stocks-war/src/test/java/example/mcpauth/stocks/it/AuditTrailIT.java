package example.mcpauth.stocks.it;

import static example.mcpauth.stocks.it.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import example.mcpauth.testsupport.AuditTrail;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API's audit trail: an allowed and a refused call each write one JSON line to
 * logs/audit-stocks-api.0.jsonl, with the caller's trace id, and no token.
 */
class AuditTrailIT extends ApiOverHttp {

    static final Path AUDIT = Path.of("target/liberty/wlp/usr/servers", System.getProperty("it.server.name"),
            "logs/audit-stocks-api.0.jsonl");

    static String newTraceId() {
        return AuditTrail.newTraceId();
    }

    /** The audit lines of one trace (each test uses a trace id of its own), as maps. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> lines(String traceId) {
        return AuditTrail.lines(AUDIT, traceId).stream()
                .map(l -> (Map<String, Object>) example.mcpauth.testsupport.Http.JSON.convertValue(l, Map.class)).toList();
    }

    static String traceparent(String traceId) {
        return AuditTrail.traceparent(traceId);
    }

    @Test
    void anAllowedCallWritesOneLine() throws IOException {
        String trace = newTraceId();
        String token = as.mcpClientToken("john.doe@demo.example", "USA", 1);
        HttpResponse<String> r = Http.send(Http.base(uri("/stocks"), bearer(token))
                .header("traceparent", traceparent(trace)).GET().build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        List<Map<String, Object>> lines = lines(trace);
        assertThat(lines).hasSize(1);
        Map<String, Object> line = lines.get(0);
        assertThat(line).containsEntry("hop", "stocks-api").containsEntry("trace_id", trace)
                .containsEntry("outcome", "allowed").containsEntry("operation", "GET /api/stocks")
                .containsEntry("client_type", "mcp").containsEntry("client_assurance_level", "1")
                .containsEntry("reason", null).containsEntry("status", 200);
        assertThat((String) line.get("sub")).isNotBlank();
        assertThat(Files.readString(AUDIT)).doesNotContain(token).doesNotContain(token.split("\\.")[1]);
    }

    @Test
    void aPolicyRefusalWritesOneLineWithItsReason() throws IOException {
        String trace = newTraceId();
        HttpResponse<String> r = Http.send(Http.base(uri("/orders"), bearer(as.mcpClientToken("john.doe@demo.example", "USA", 1)))
                .header("traceparent", traceparent(trace)).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"symbol\":\"COM1\",\"quantity\":1}")).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);

        assertThat(lines(trace)).singleElement().satisfies(line -> assertThat(line)
                .containsEntry("outcome", "refused").containsEntry("reason", "insufficient_client_assurance")
                .containsEntry("operation", "POST /api/orders").containsEntry("status", 403));
    }

    @Test
    void aBearerRefusalWritesOneLineWithoutIdentity() throws IOException {
        String trace = newTraceId();
        HttpResponse<String> r = Http.send(Http.base(uri("/stocks"), "Bearer not.a-valid.token")
                .header("traceparent", traceparent(trace)).GET().build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);

        assertThat(lines(trace)).singleElement().satisfies(line -> assertThat(line)
                .containsEntry("outcome", "refused").containsEntry("reason", "invalid_token")
                .containsEntry("sub", null).containsEntry("status", 401));
    }
}
