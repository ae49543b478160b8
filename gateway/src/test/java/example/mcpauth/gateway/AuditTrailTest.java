package example.mcpauth.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import example.mcpauth.gateway.support.GatewayFixture;
import example.mcpauth.testsupport.AuditTrail;
import example.mcpauth.gateway.support.Secrets;
import example.mcpauth.gateway.support.Stack;
import example.mcpauth.gateway.support.TestUpstream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static example.mcpauth.gateway.support.IntrospectionServer.jsonActive;
import static example.mcpauth.gateway.support.IntrospectionServer.jsonInactive;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's audit trail (a real nginx): each phantom-token decision writes one JSON line to
 * logs/audit-gateway.jsonl (nginx log_format escape=json, values from the Lua core), with the trace id
 * of the client's traceparent, which the gateway passes on with a parent id of its own, or of a trace
 * it starts. No token, no JWT.
 */
class AuditTrailTest {
    @RegisterExtension
    static final GatewayFixture gw = new GatewayFixture("audit", 28040, Map.of("GATEWAY_TOKEN_CACHE_SECONDS", "900"));

    @BeforeEach
    void clear() {
        gw.upstream().clear();
    }

    static String newTraceId() {
        return AuditTrail.newTraceId();
    }

    static HttpResponse<String> get(String token, String traceparent) throws Exception {
        HttpRequest.Builder b = gw.request("/mcp").GET();
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (traceparent != null) b.header("traceparent", traceparent);
        return GatewayFixture.send(b);
    }

    /**
     * The audit line of one trace. nginx writes it in its log phase, just after the answer is sent,
     * so this waits for it (up to 10 s) rather than racing it; it asserts nothing about the time.
     */
    static List<JsonNode> lines(String traceId) {
        return AuditTrail.awaitLines(gw.gateway().auditLog(), traceId, Duration.ofSeconds(10));
    }

    @Test
    void anAllowedRequestWritesOneLineAndPassesTheTraceOn() throws Exception {
        String token = Secrets.opaqueToken();
        long exp = System.currentTimeMillis() / 1000 + 600;
        String jwt = Secrets.jwt("{\"iss\":\"http://localhost:18180/realms/mcp-demo\",\"sub\":\"f1b8c0de-0000-4000-8000-000000000001\","
                + "\"azp\":\"mcp-inspector-client\",\"client_type\":\"mcp\",\"client_assurance_level\":1,"
                + "\"aud\":\"http://localhost:18000/mcp\",\"scope\":\"stocks/read\",\"exp\":" + exp + "}");
        gw.introspection().answer(token, jsonActive(jwt, exp));
        String trace = newTraceId();

        assertThat(get(token, "00-" + trace + "-00f067aa0ba902b7-01").statusCode()).isEqualTo(200);

        TestUpstream.Received received = gw.upstream().next();
        assertThat(received.traceparent()).matches("00-" + trace + "-[0-9a-f]{16}-01").doesNotContain("00f067aa0ba902b7");
        List<JsonNode> lines = lines(trace);
        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        assertThat(line.path("hop").asText()).isEqualTo("gateway");
        assertThat(line.path("outcome").asText()).isEqualTo("allowed");
        assertThat(line.path("reason").asText()).isEmpty();
        assertThat(line.path("sub").asText()).isEqualTo("f1b8c0de-0000-4000-8000-000000000001");
        assertThat(line.path("client_id").asText()).isEqualTo("mcp-inspector-client");
        assertThat(line.path("client_type").asText()).isEqualTo("mcp");
        assertThat(line.path("client_assurance_level").asText()).isEqualTo("1");
        assertThat(line.path("operation").asText()).isEqualTo("GET /mcp");
        assertThat(line.path("status").asInt()).isEqualTo(200);
        assertThat(line.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        String audit = Stack.read(gw.gateway().auditLog());
        assertThat(audit).doesNotContain(token).doesNotContain(jwt).doesNotContain(jwt.split("\\.")[1]);
    }

    @Test
    void anInactiveTokenWritesOneRefusalAndAMissingTraceparentStartsATrace() throws Exception {
        String token = Secrets.opaqueToken();
        gw.introspection().answer(token, jsonInactive());

        // the token is removed: the upstream (here a test server, like Liberty) challenges
        assertThat(get(token, null).statusCode()).isEqualTo(401);

        String sent = gw.upstream().next().traceparent();
        assertThat(sent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        String trace = sent.substring(3, 35);
        assertThat(lines(trace)).singleElement().satisfies(line -> {
            assertThat(line.path("outcome").asText()).isEqualTo("refused");
            assertThat(line.path("reason").asText()).isEqualTo("invalid_token");
            assertThat(line.path("sub").asText()).isEmpty();
            assertThat(line.path("status").asInt()).isEqualTo(401);
        });
    }

    @Test
    void aClaimThatCarriesATokenIsRedacted() throws Exception {
        String token = Secrets.opaqueToken();
        long exp = System.currentTimeMillis() / 1000 + 600;
        String jwt = Secrets.jwt("{\"sub\":\"" + token + "\",\"client_id\":\"Bearer " + token + "\",\"exp\":" + exp + "}");
        gw.introspection().answer(token, jsonActive(jwt, exp));
        String trace = newTraceId();

        assertThat(get(token, "00-" + trace + "-00f067aa0ba902b7-01").statusCode()).isEqualTo(200);

        assertThat(lines(trace)).singleElement().satisfies(line -> {
            assertThat(line.path("sub").asText()).isEqualTo("[redacted]");
            assertThat(line.path("client_id").asText()).isEqualTo("[redacted]");
        });
        assertThat(Stack.read(gw.gateway().auditLog())).doesNotContain(token);
    }
}
