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
import java.nio.file.Files;
import java.nio.file.Path;
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
 * it starts (or, for an MCP request without the header, of its params._meta.traceparent). No token, no JWT.
 * Rotation: {@code scripts/gateway.sh rotate-audit} moves audit-gateway.jsonl to .1.jsonl (.1 to .2, ...) once
 * it has AUDIT_LOG_MAX_BYTES, keeps AUDIT_LOG_FILES files, and makes nginx reopen its log.
 */
class AuditTrailTest {
    @RegisterExtension
    static final GatewayFixture gw = new GatewayFixture("audit", 28040, Map.of(
            "GATEWAY_TOKEN_CACHE_SECONDS", "900",
            // one audit line is more than this: scripts/gateway.sh rotate-audit rotates any non-empty file
            "AUDIT_LOG_MAX_BYTES", "100",
            "AUDIT_LOG_FILES", "3"))
            .beforeStart(stateDir -> {
                // the files of an earlier run (the rotation test counts them)
                Path logs = stateDir.resolve("logs");
                for (int n = 0; n < 5; n++) {
                    Files.deleteIfExists(logs.resolve(n == 0 ? "audit-gateway.jsonl" : "audit-gateway." + n + ".jsonl"));
                }
            });

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

    static HttpResponse<String> postMcp(String token, String traceparent, String body) throws Exception {
        HttpRequest.Builder b = gw.request("/mcp")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        b.header("Authorization", "Bearer " + token);
        if (traceparent != null) b.header("traceparent", traceparent);
        return GatewayFixture.send(b);
    }

    static String activeToken() {
        String token = Secrets.opaqueToken();
        long exp = System.currentTimeMillis() / 1000 + 600;
        gw.introspection().answer(token, jsonActive(Secrets.jwt("{\"sub\":\"f1b8c0de-0000-4000-8000-000000000002\","
                + "\"scope\":\"stocks/read\",\"exp\":" + exp + "}"), exp));
        return token;
    }

    @Test
    void anMcpRequestWithoutTheHeaderContinuesTheTraceOfItsMeta() throws Exception {
        String trace = newTraceId();
        String body = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"fetch-stock-prices\","
                + "\"arguments\":{},\"_meta\":{\"traceparent\":\"00-" + trace + "-00f067aa0ba902b7-01\"}}}";

        assertThat(postMcp(activeToken(), null, body).statusCode()).isEqualTo(200);

        assertThat(gw.upstream().next().traceparent()).matches("00-" + trace + "-[0-9a-f]{16}-01");
        assertThat(lines(trace)).singleElement().satisfies(line -> assertThat(line.path("operation").asText()).isEqualTo("POST /mcp"));
    }

    @Test
    void theHeaderWinsOverMetaAndAMalformedMetaStartsATrace() throws Exception {
        String header = newTraceId();
        String meta = newTraceId();
        String body = "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\",\"params\":{\"_meta\":{\"traceparent\":\"00-"
                + meta + "-00f067aa0ba902b7-01\"}}}";
        assertThat(postMcp(activeToken(), "00-" + header + "-00f067aa0ba902b7-01", body).statusCode()).isEqualTo(200);
        assertThat(gw.upstream().next().traceparent()).contains(header).doesNotContain(meta);

        String malformed = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\",\"params\":{\"_meta\":{\"traceparent\":\"00-"
                + meta.toUpperCase() + "-00f067aa0ba902b7-01\"}}}";
        assertThat(postMcp(activeToken(), null, malformed).statusCode()).isEqualTo(200);
        String started = gw.upstream().next().traceparent();
        assertThat(started).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").doesNotContain(meta);
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

    /** One refused decision (an inactive token) in a trace of its own, written to the current file; its trace id. */
    static String refusedDecision() throws Exception {
        String token = Secrets.opaqueToken();
        gw.introspection().answer(token, jsonInactive());
        String trace = newTraceId();
        assertThat(get(token, "00-" + trace + "-00f067aa0ba902b7-01").statusCode()).isEqualTo(401);
        assertThat(lines(trace)).hasSize(1);
        return trace;
    }

    static Path current() {
        return gw.gateway().auditLog();
    }

    static Path rotated(int n) {
        return current().resolveSibling("audit-gateway." + n + ".jsonl");
    }

    @Test
    void rotationKeepsTheConfiguredNumberOfFilesAndNginxWritesToTheNewOne() throws Exception {
        String first = refusedDecision();
        gw.gateway().script("rotate-audit");
        assertThat(Stack.read(rotated(1))).contains(first);
        // the script returns once nginx has reopened the file
        assertThat(current()).exists();
        assertThat(Stack.read(current())).isEmpty();

        // a file below AUDIT_LOG_MAX_BYTES (here: empty) is left alone
        gw.gateway().script("rotate-audit");
        assertThat(Stack.read(rotated(1))).contains(first);
        assertThat(rotated(2)).doesNotExist();

        String second = refusedDecision();
        assertThat(Stack.read(current())).doesNotContain(first);
        gw.gateway().script("rotate-audit");
        assertThat(Stack.read(rotated(1))).contains(second).doesNotContain(first);
        assertThat(Stack.read(rotated(2))).contains(first);

        String third = refusedDecision();
        gw.gateway().script("rotate-audit");
        // AUDIT_LOG_FILES=3: the current file, .1 and .2; the oldest lines are gone
        assertThat(Stack.read(rotated(1))).contains(third);
        assertThat(Stack.read(rotated(2))).contains(second);
        assertThat(rotated(3)).doesNotExist();
        assertThat(Stack.read(current()) + Stack.read(rotated(1)) + Stack.read(rotated(2))).doesNotContain(first);

        String fourth = refusedDecision();
        assertThat(Stack.read(current())).contains(fourth).doesNotContain(third);
    }
}
