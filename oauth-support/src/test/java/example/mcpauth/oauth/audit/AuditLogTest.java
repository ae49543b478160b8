package example.mcpauth.oauth.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJqb2huIiwiYXVkIjoiYXBpIn0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU";

    @TempDir
    Path dir;

    static JsonObject parse(String line) {
        try (var r = Json.createReader(new StringReader(line))) {
            return r.readObject();
        }
    }

    static HttpServletRequest request(JsonWebToken principal) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getHeader("traceparent")).thenReturn("00-" + TRACE + "-00f067aa0ba902b7-01");
        when(request.getMethod()).thenReturn("GET");
        when(request.getRequestURI()).thenReturn("/api/stocks");
        when(request.getUserPrincipal()).thenReturn(principal);
        return request;
    }

    static JsonWebToken jwt(String sub, String azp) {
        JsonWebToken jwt = mock(JsonWebToken.class);
        when(jwt.getRawToken()).thenReturn(JWT);
        when(jwt.getClaim("sub")).thenReturn(Json.createValue(sub));
        when(jwt.getClaim("azp")).thenReturn(azp);
        when(jwt.getClaim("client_type")).thenReturn(Json.createValue("mcp"));
        when(jwt.getClaim("client_assurance_level")).thenReturn(Json.createValue(1));
        return jwt;
    }

    @Test
    void anAllowedDecisionIsOneJsonLineWithEveryKey() throws IOException {
        AuditLog log = new AuditLog(dir, "stocks-api", 1 << 20, 2);
        log.write(AuditEvent.of(request(jwt("f1b8c0de-1111-2222-3333-444455556666", "mcp-inspector")), "stocks-api")
                .allowed(200));
        log.close();

        List<String> lines = Files.readAllLines(log.currentFile(), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(1);
        JsonObject o = parse(lines.get(0));
        assertThat(o.keySet()).containsExactly("time", "trace_id", "hop", "sub", "client_id", "client_type",
                "client_assurance_level", "tool", "operation", "outcome", "reason", "status");
        assertThat(o.getString("trace_id")).isEqualTo(TRACE);
        assertThat(o.getString("hop")).isEqualTo("stocks-api");
        assertThat(o.getString("sub")).isEqualTo("f1b8c0de-1111-2222-3333-444455556666");
        assertThat(o.getString("client_id")).isEqualTo("mcp-inspector");
        assertThat(o.getString("client_type")).isEqualTo("mcp");
        assertThat(o.getString("client_assurance_level")).isEqualTo("1");
        assertThat(o.get("tool")).isEqualTo(JsonValue.NULL);
        assertThat(o.getString("operation")).isEqualTo("GET /api/stocks");
        assertThat(o.getString("outcome")).isEqualTo("allowed");
        assertThat(o.get("reason")).isEqualTo(JsonValue.NULL);
        assertThat(o.getInt("status")).isEqualTo(200);
        assertThat(o.getString("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    void aRefusalWithoutTokenHasNullIdentityAndTheReason() {
        HttpServletRequest request = request(null);
        JsonObject o = parse(AuditEvent.of(request, "mcp-server").refused("missing_token", 401).toJson());
        assertThat(o.get("sub")).isEqualTo(JsonValue.NULL);
        assertThat(o.getString("outcome")).isEqualTo("refused");
        assertThat(o.getString("reason")).isEqualTo("missing_token");
        assertThat(o.getInt("status")).isEqualTo(401);
    }

    @Test
    void noTokenIsWrittenEvenWhenAClaimCarriesOne() throws IOException {
        AuditLog log = new AuditLog(dir, "mcp-server", 1 << 20, 2);
        log.write(AuditEvent.of(request(jwt(JWT, "Bearer " + "a".repeat(30))), "mcp-server")
                .withTool("x" + "Q".repeat(60)).refused("invalid_token", 401));
        log.close();
        String text = Files.readString(log.currentFile());
        assertThat(text).doesNotContain(JWT).doesNotContain("eyJ").doesNotContain("Bearer").doesNotContain("Q".repeat(60));
        JsonObject o = parse(text.strip());
        assertThat(o.getString("sub")).isEqualTo(AuditRedaction.REDACTED);
        assertThat(o.getString("client_id")).isEqualTo(AuditRedaction.REDACTED);
        assertThat(o.getString("tool")).isEqualTo(AuditRedaction.REDACTED);
    }

    @Test
    void anOpaqueTokenIsRedactedButUuidsAndUrlsAreNot() {
        String opaque = "ot_" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_xyz";
        assertThat(AuditRedaction.clean(opaque)).isEqualTo(AuditRedaction.REDACTED);
        assertThat(AuditRedaction.clean("f1b8c0de-1111-2222-3333-444455556666")).isEqualTo("f1b8c0de-1111-2222-3333-444455556666");
        assertThat(AuditRedaction.clean("https://client.example/mcp/client-metadata.json"))
                .isEqualTo("https://client.example/mcp/client-metadata.json");
        assertThat(AuditRedaction.clean("mcp-inspector")).isEqualTo("mcp-inspector");
    }

    @Test
    void controlCharactersAndQuotesStayInsideOneLine() {
        String json = new AuditEvent(null, null, "stocks-api", "a\"b\\c\nd\u2028e", null, null, null, null, null,
                "refused", "x", 403).toJson();
        assertThat(json).doesNotContain("\n").doesNotContain("\u2028");
        assertThat(parse(json).getString("sub")).isEqualTo("a\"b\\c\nd\u2028e");
    }

    @Test
    void theFileRotatesBySizeAndKeepsWholeLines() throws IOException {
        AuditLog log = new AuditLog(dir, "stocks-api", 2_000, 3);
        HttpServletRequest request = request(jwt("john", "client-1"));
        for (int i = 0; i < 40; i++) {
            log.write(AuditEvent.of(request, "stocks-api").refused("region_not_allowed", 403));
        }
        log.close();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("audit-stocks-api.0.jsonl", "audit-stocks-api.1.jsonl", "audit-stocks-api.2.jsonl");
        for (Path f : files) {
            assertThat(Files.size(f)).isLessThanOrEqualTo(2_000 + 400);
            for (String line : Files.readAllLines(f)) {
                assertThat(parse(line).getString("reason")).isEqualTo("region_not_allowed");
            }
        }
    }

    @Test
    void anUnwritableDirectoryNeverFailsTheCaller() throws IOException {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        AuditLog log = new AuditLog(notADir, "gateway-x", 1000, 2);
        log.write(AuditEvent.of(request(null), "gateway-x").refused("missing_token", 401));
        log.write(AuditEvent.of(request(null), "gateway-x").refused("missing_token", 401));
        assertThat(Files.isRegularFile(notADir)).isTrue();
    }
}
