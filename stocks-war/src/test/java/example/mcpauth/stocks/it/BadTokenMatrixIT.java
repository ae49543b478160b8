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
import java.net.URI;
import java.net.URL;
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
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every way a token can be wrong, against both operations: status, the exact WWW-Authenticate
 * challenge (never Liberty's own {@code realm="MP-JWT"}) and the JSON body.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadTokenMatrixIT {

    static final String INVALID_TOKEN_CHALLENGE = "Bearer realm=\"stocks-api\", error=\"invalid_token\", "
            + "error_description=\"The access token is invalid, expired or not issued for this API\"";

    /** Tokens sent in this class, to check afterwards that none reached a server log or FFDC file. */
    static final List<String> SENT = new ArrayList<>();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.stocksWar();
    }

    @ArquillianResource
    URL base;

    private final TestAuthority as = TestAuthority.get();

    private URI uri(String path) {
        return URI.create(base.toString().replaceAll("/+$", "") + path);
    }

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
        assertRejected(null, 401, "Bearer realm=\"stocks-api\"", "missing_token");
    }

    @Test
    void otherScheme() {
        assertRejected("Basic am9objpzZWNyZXQ=", 401, "Bearer realm=\"stocks-api\"", "invalid_request");
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
        String token = as.sign(good().claim("scope", "openid profile").build());
        SENT.add(token);
        assertRejected("Bearer " + token, 403, "Bearer realm=\"stocks-api\", error=\"insufficient_scope\", "
                + "scope=\"stocks/read\", error_description=\"The access token lacks the scope stocks/read\"",
                "insufficient_scope");
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
