package example.mcpauth.stocks.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every way a token can be wrong, against both operations: status, the exact WWW-Authenticate
 * challenge (never Liberty's own {@code realm="MP-JWT"}) and the JSON body.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadTokenMatrixIT extends ApiOverHttp {

    static final String INVALID_TOKEN_CHALLENGE = "Bearer realm=\"stocks-api\", error=\"invalid_token\", "
            + "error_description=\"The access token is missing, expired or not valid for this API\", scope=\"stocks/read\"";
    static final String NO_TOKEN_CHALLENGE = "Bearer realm=\"stocks-api\", scope=\"stocks/read\"";
    static final String TRADE_CHALLENGE = "Bearer realm=\"stocks-api\", error=\"insufficient_scope\", "
            + "error_description=\"The access token lacks a required scope\", scope=\"stocks/read stocks/trade\"";

    /** Tokens sent in this class, to check afterwards that none reached a server log or FFDC file. */
    static final List<String> SENT = new ArrayList<>();

    private void assertInvalidToken(String token) {
        SENT.add(token);
        assertRejected("Bearer " + token, 401, INVALID_TOKEN_CHALLENGE, "invalid_token");
    }

    private void assertRejected(String authorization, int status, String challenge, String code) {
        for (HttpResponse<String> r : List.of(
                Http.get(uri("/stocks"), authorization),
                Http.postJson(uri("/orders"), authorization, "{\"symbol\":\"COM1\",\"quantity\":1}"))) {
            assertThat(r.statusCode()).as(r.request().method() + " " + r.body()).isEqualTo(status);
            assertThat(Http.wwwAuthenticate(r)).isEqualTo(challenge);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            Map<String, Object> body = Http.jsonObject(r);
            assertThat(body).containsEntry("code", code);
            assertThat((String) body.get("message")).isNotBlank();
        }
    }

    private JWTClaimsSet.Builder good() {
        return as.apiClaims("john.doe@demo.example", "USA");
    }

    @Test
    void noToken() {
        assertRejected(null, 401, NO_TOKEN_CHALLENGE, "missing_token");
    }

    @Test
    void otherScheme() {
        // RFC 6750 3.1: no bearer token was sent, so no error code
        assertRejected("Basic am9objpzZWNyZXQ=", 401, NO_TOKEN_CHALLENGE, "invalid_request");
    }

    @Test
    void garbage() {
        assertInvalidToken("not-a-jwt");
        assertInvalidToken("eyJhbGciOiJSUzI1NiJ9.bm9wZQ.c2ln");
    }

    @Test
    void expired() {
        Instant now = Instant.now();
        assertInvalidToken(as.sign(good().issueTime(Date.from(now.minusSeconds(7200)))
                .notBeforeTime(Date.from(now.minusSeconds(7200))).expirationTime(Date.from(now.minusSeconds(3600))).build()));
    }

    @Test
    void notYetValid() {
        Instant now = Instant.now();
        assertInvalidToken(as.sign(good().notBeforeTime(Date.from(now.plusSeconds(3600)))
                .expirationTime(Date.from(now.plusSeconds(7200))).build()));
    }

    @Test
    void expiredTenSecondsAgoIsPastTheConfiguredSkew() {
        // JWT_CLOCK_SKEW_SECONDS=5 (Liberty's default would accept this token for 5 minutes)
        Instant now = Instant.now();
        assertInvalidToken(as.sign(good().issueTime(Date.from(now.minusSeconds(310)))
                .notBeforeTime(Date.from(now.minusSeconds(310))).expirationTime(Date.from(now.minusSeconds(10))).build()));
    }

    @Test
    void anotherSpellingOfAValidTokenIsRefused() {
        String token = as.userToken("john.doe@demo.example", "USA");
        assertThat(Http.get(uri("/stocks"), Http.bearer(token)).statusCode()).isEqualTo(200);
        for (String suffix : new String[] {"==", "=", "!!!", "%", "%3D", "\u00e9", "."}) {
            assertInvalidToken(token + suffix);
        }
    }

    @Test
    void twoAuthorizationHeadersAreABadRequest() {
        String token = as.userToken("john.doe@demo.example", "USA");
        SENT.add(token);
        HttpResponse<String> r = Http.send(Http.base(uri("/stocks"), "Bearer " + token)
                .header("Authorization", "Bearer " + token).GET().build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Http.wwwAuthenticate(r)).isEqualTo("Bearer realm=\"stocks-api\", error=\"invalid_request\", "
                + "error_description=\"more than one Authorization header\"");
        assertThat(Http.jsonObject(r)).containsEntry("code", "invalid_request");
    }

    @Test
    void theSchemeIsCaseInsensitive() {
        // RFC 7235: "bearer" and "BEARER" are the Bearer scheme. Liberty starts authentication only for a
        // header beginning with "Bearer"; oauth-support's BearerAuthorization asks it to for the others
        String token = as.userToken("john.doe@demo.example", "USA");
        SENT.add(token);
        HttpResponse<String> canonical = Http.get(uri("/stocks"), "Bearer " + token);
        assertThat(canonical.statusCode()).as(canonical.body()).isEqualTo(200);
        for (String scheme : new String[] {"bearer", "BEARER"}) {
            HttpResponse<String> r = Http.get(uri("/stocks"), scheme + " " + token);
            assertThat(r.statusCode()).as(scheme + ": " + r.body()).isEqualTo(200);
            assertThat(r.body()).as(scheme).isEqualTo(canonical.body());
        }
        // and a token that is not valid is still refused with that spelling
        String forged = as.sign(good().audience(TestAuthority.MCP_AUDIENCE).build());
        SENT.add(forged);
        HttpResponse<String> refused = Http.get(uri("/stocks"), "bearer " + forged);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
        assertThat(Http.wwwAuthenticate(refused)).isEqualTo(INVALID_TOKEN_CHALLENGE);
        assertThat(refused.body()).doesNotContain("MP-JWT");
    }

    @Test
    void claimsOfTheWrongShapeAreRefusedNotCoerced() {
        // scope as an array (RFC 9068 wants a space-separated string): refused by both WARs
        assertInvalidToken(as.sign(good().claim("scope", List.of("openid", "stocks/read")).build()));
        for (Object region : new Object[] {"USA ", List.of("USA"), 1}) {
            String token = as.sign(good().claim("region", region).build());
            SENT.add(token);
            HttpResponse<String> r = Http.get(uri("/stocks"), Http.bearer(token));
            assertThat(r.statusCode()).as(region + ": " + r.body()).isEqualTo(401);
            assertThat(Http.jsonObject(r)).containsEntry("code", "invalid_token");
            assertThat(Http.wwwAuthenticate(r)).contains("error=\"invalid_token\"", "malformed region claim");
        }
        String stringLevel = as.sign(good().claim("client_type", "mcp").claim("client_assurance_level", "5").build());
        SENT.add(stringLevel);
        HttpResponse<String> order = Http.postJson(uri("/orders"), Http.bearer(stringLevel), "{\"symbol\":\"COM1\",\"quantity\":1}");
        assertThat(order.statusCode()).as(order.body()).isEqualTo(401);
        assertThat(Http.wwwAuthenticate(order)).contains("malformed client_assurance_level claim");
    }

    @Test
    void aRegionIsComparedExactly() {
        String token = as.userToken("john.doe@demo.example", "usa");
        SENT.add(token);
        HttpResponse<String> r = Http.get(uri("/stocks"), Http.bearer(token));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Http.jsonArray(r)).isEmpty();
    }

    @Test
    void wrongIssuer() {
        assertInvalidToken(as.sign(good().issuer("http://127.0.0.1:29090/realms/other").build()));
    }

    @Test
    void wrongAudienceMcpToken() {
        // a token the MCP server accepts must not be usable at the API (token passthrough)
        assertInvalidToken(as.sign(good().audience(TestAuthority.MCP_AUDIENCE).build()));
    }

    @Test
    void noAudience() {
        assertInvalidToken(as.sign(good().audience((String) null).build()));
    }

    @Test
    void algNone() {
        assertInvalidToken(new PlainJWT(good().build()).serialize());
    }

    @Test
    void hs256SignedWithThePublicKey() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(TestAuthority.KEY_ID).build(),
                good().build());
        jwt.sign(new MACSigner(as.signingKey.toPublicJWK().toRSAPublicKey().getEncoded()));
        assertInvalidToken(jwt.serialize());
    }

    @Test
    void unknownKid() {
        assertInvalidToken(as.sign(good().build(), as.rogueKey));
    }

    @Test
    void tamperedPayload() throws Exception {
        String[] parts = as.userToken("john.doe@demo.example", "USA").split("\\.");
        JWTClaimsSet forged = new JWTClaimsSet.Builder(JWTClaimsSet.parse(
                new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8))).claim("region", "Europe").build();
        assertInvalidToken(parts[0] + "." + Base64URL.encode(forged.toString()) + "." + parts[2]);
    }

    @Test
    void missingScope() {
        // one challenge naming every scope the operation needs: orders need stocks/trade too (TradeScopeRule)
        String token = as.sign(good().claim("scope", "openid profile").build());
        SENT.add(token);
        HttpResponse<String> stocks = Http.get(uri("/stocks"), Http.bearer(token));
        assertThat(stocks.statusCode()).as(stocks.body()).isEqualTo(403);
        assertThat(Http.wwwAuthenticate(stocks)).isEqualTo("Bearer realm=\"stocks-api\", error=\"insufficient_scope\", "
                + "error_description=\"The access token lacks a required scope\", scope=\"stocks/read\"");
        assertThat(Http.jsonObject(stocks)).containsEntry("code", "insufficient_scope");
        HttpResponse<String> order = Http.postJson(uri("/orders"), Http.bearer(token), "{\"symbol\":\"COM1\",\"quantity\":1}");
        assertThat(order.statusCode()).as(order.body()).isEqualTo(403);
        assertThat(Http.wwwAuthenticate(order)).isEqualTo(TRADE_CHALLENGE);
        assertThat(Http.jsonObject(order)).containsEntry("code", "insufficient_scope");
    }

    @Test
    void ordersWithoutTheTradeScope() {
        // stocks/read alone reads stocks but places no order: 403 naming both scopes, never offline_access
        String token = as.sign(good().claim("scope", "openid stocks/read").build());
        SENT.add(token);
        assertThat(Http.get(uri("/stocks"), Http.bearer(token)).statusCode()).isEqualTo(200);
        HttpResponse<String> order = Http.postJson(uri("/orders"), Http.bearer(token), "{\"symbol\":\"COM1\",\"quantity\":1}");
        assertThat(order.statusCode()).as(order.body()).isEqualTo(403);
        assertThat(Http.wwwAuthenticate(order)).isEqualTo(TRADE_CHALLENGE).doesNotContain("offline_access");
        Map<String, Object> body = Http.jsonObject(order);
        assertThat(body).containsEntry("code", "insufficient_scope");
        assertThat((String) body.get("message")).contains("stocks/read stocks/trade");
        // stocks/trade alone is not enough either
        String tradeOnly = as.sign(good().claim("scope", "stocks/trade").build());
        SENT.add(tradeOnly);
        HttpResponse<String> tradeOnlyOrder = Http.postJson(uri("/orders"), Http.bearer(tradeOnly), "{\"symbol\":\"COM1\",\"quantity\":1}");
        assertThat(tradeOnlyOrder.statusCode()).isEqualTo(403);
        assertThat(Http.wwwAuthenticate(tradeOnlyOrder)).isEqualTo(TRADE_CHALLENGE);
    }

    @Test
    void missingRegion() {
        String token = as.userToken("nobody@demo.example", null);
        SENT.add(token);
        assertRejected("Bearer " + token, 403, "Bearer realm=\"stocks-api\", error_description=\"missing_region\"",
                "missing_region");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noTokenReachedTheServerLogsOrFfdc() throws IOException {
        Path logs = Path.of("target/liberty/wlp/usr/servers", System.getProperty("it.server.name", "stocks-it"), "logs");
        assertThat(logs).isDirectory();
        assertThat(SENT).isNotEmpty();
        try (Stream<Path> files = Files.walk(logs)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                for (String token : SENT) {
                    String[] parts = token.split("\\.");
                    // the signature (or, for alg none, the payload) identifies a token
                    String marker = parts.length > 2 && !parts[2].isEmpty() ? parts[2] : parts[parts.length > 1 ? 1 : 0];
                    assertThat(text).as("log file " + f).doesNotContain(marker);
                }
            }
        }
        try (Stream<Path> ffdc = Files.exists(logs.resolve("ffdc")) ? Files.list(logs.resolve("ffdc")) : Stream.empty()) {
            assertThat(ffdc.toList()).as("FFDC files").isEmpty();
        }
    }
}
