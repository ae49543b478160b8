package example.mcpauth.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import example.mcpauth.gateway.support.IntrospectionServer;
import example.mcpauth.gateway.support.GatewayFixture;
import example.mcpauth.gateway.support.Secrets;
import example.mcpauth.gateway.support.Stack;
import example.mcpauth.gateway.support.TestUpstream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static example.mcpauth.gateway.support.IntrospectionServer.*;
import static example.mcpauth.gateway.support.GatewayFixture.HTTP;
import static example.mcpauth.gateway.support.GatewayFixture.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The phantom token behaviour of issue 4 against a real nginx (scripts/gateway.sh), a real
 * introspection endpoint (JDK HTTP server answering the formats of Keycloak, Curity and RFC 9701)
 * and a recording upstream in place of Liberty.
 */
@Order(1)
class PhantomTokenTest {
    static final int GATEWAY_PORT = 28000;
    static final int TIMEOUT_MS = 1000;

    @RegisterExtension
    static final GatewayFixture gw = new GatewayFixture("phantom", GATEWAY_PORT, Map.of(
            "GATEWAY_INTROSPECTION_TIMEOUT_MS", Integer.toString(TIMEOUT_MS),
            "GATEWAY_TOKEN_CACHE_SECONDS", "900"));

    @BeforeEach
    void reset() {
        if (!gw.introspection().running()) gw.introspection().start();
        gw.upstream().clear();
    }

    static long inMinutes(int m) {
        return System.currentTimeMillis() / 1000 + 60L * m;
    }

    static String accessJwt(long exp) {
        return Secrets.jwt("{\"iss\":\"http://localhost:18180/realms/mcp-demo\",\"sub\":\"john\",\"aud\":\"http://localhost:18000/mcp\","
                + "\"scope\":\"stocks/read\",\"region\":\"USA\",\"exp\":" + exp + "}");
    }

    static HttpResponse<String> get(String path, String authorization) throws Exception {
        return gw.get(path, authorization);
    }

    static HttpResponse<String> bearer(String path, String token) throws Exception {
        return gw.bearer(path, token);
    }

    static void assertUpstreamSaw(TestUpstream.Received r, String jwt) {
        assertThat(r.authorization()).containsExactly("Bearer " + jwt);
    }

    @Test
    void keycloakAnswerActiveJwtReachesUpstreamAndOpaqueTokenDoesNot() throws Exception {
        String token = Secrets.opaqueToken();
        String jwt = accessJwt(inMinutes(10));
        gw.introspection().answer(token, jsonActive(jwt, inMinutes(10)));

        HttpResponse<String> res = bearer("/mcp", token);

        assertThat(res.statusCode()).isEqualTo(200);
        TestUpstream.Received r = gw.upstream().next();
        assertThat(r.path()).isEqualTo("/mcp");
        assertUpstreamSaw(r, jwt);
        assertThat(String.join(" ", r.authorization())).doesNotContain(token);
        IntrospectionServer.Call call = gw.introspection().allCalls().stream().filter(c -> token.equals(c.token())).findFirst().orElseThrow();
        assertThat(call.accept()).isEqualTo("application/jwt");
        assertThat(call.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(call.tokenTypeHint()).isEqualTo("access_token");
        assertThat(call.authorization()).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (gw.settings().get("GATEWAY_CLIENT_ID") + ":" + gw.settings().get("GATEWAY_CLIENT_SECRET")).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void curityJwtBodyIsForwarded() throws Exception {
        String token = Secrets.opaqueToken();
        String jwt = accessJwt(inMinutes(10));
        gw.introspection().answer(token, jwtBody(jwt));

        assertThat(bearer("/api/stocks", token).statusCode()).isEqualTo(200);
        TestUpstream.Received r = gw.upstream().next();
        assertThat(r.path()).isEqualTo("/api/stocks");
        assertUpstreamSaw(r, jwt);
    }

    @Test
    void rfc9701AnswerUsesTokenIntrospectionClaims() throws Exception {
        long exp = inMinutes(10);
        // active, with an embedded access token JWT: that one is forwarded
        String withInner = Secrets.opaqueToken();
        String inner = accessJwt(exp);
        gw.introspection().answer(withInner, rfc9701(Secrets.jwt("{\"iss\":\"as\",\"aud\":\"api-gateway-client\",\"iat\":1,"
                + "\"token_introspection\":{\"active\":true,\"exp\":" + exp + ",\"jwt\":\"" + inner + "\"}}")));
        assertThat(bearer("/mcp", withInner).statusCode()).isEqualTo(200);
        assertUpstreamSaw(gw.upstream().next(), inner);

        // active, without an embedded token: the signed introspection response itself is forwarded
        String plain = Secrets.opaqueToken();
        String response = Secrets.jwt("{\"iss\":\"as\",\"aud\":\"api-gateway-client\",\"iat\":1,"
                + "\"token_introspection\":{\"active\":true,\"sub\":\"john\",\"exp\":" + exp + "}}");
        gw.introspection().answer(plain, rfc9701(response));
        assertThat(bearer("/mcp", plain).statusCode()).isEqualTo(200);
        assertUpstreamSaw(gw.upstream().next(), response);

        // inactive: nothing forwarded, even though the answer is a JWT
        String inactive = Secrets.opaqueToken();
        gw.introspection().answer(inactive, rfc9701(Secrets.jwt("{\"iss\":\"as\",\"aud\":\"api-gateway-client\",\"iat\":1,"
                + "\"token_introspection\":{\"active\":false}}")));
        assertThat(bearer("/mcp", inactive).statusCode()).isEqualTo(401);
        assertThat(gw.upstream().next().authorization()).isEmpty();
    }

    @Test
    void secondRequestWithTheSameTokenIsServedFromTheCache() throws Exception {
        String token = Secrets.opaqueToken();
        String jwt = accessJwt(inMinutes(10));
        gw.introspection().answer(token, jsonActive(jwt, inMinutes(10)));

        assertThat(bearer("/mcp", token).statusCode()).isEqualTo(200);
        assertThat(bearer("/api/stocks", token).statusCode()).isEqualTo(200);

        assertThat(gw.introspection().calls(token)).isEqualTo(1);
        assertUpstreamSaw(gw.upstream().next(), jwt);
        assertUpstreamSaw(gw.upstream().next(), jwt);
    }

    @Test
    void activeFalseWithJwtIsNotUsed() throws Exception { // Keycloak CVE-2026-18208
        String token = Secrets.opaqueToken();
        String leaked = accessJwt(inMinutes(10));
        gw.introspection().answer(token, jsonInactiveWithJwt(leaked));
        List<String> challenge = List.of("Bearer error=\"invalid_token\", resource_metadata=\"http://localhost:18000/.well-known/oauth-protected-resource/mcp\", scope=\"stocks/read\"");
        gw.upstream().challenges(challenge);

        HttpResponse<String> res = bearer("/mcp", token);

        TestUpstream.Received r = gw.upstream().next();
        assertThat(r.authorization()).isEmpty();
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.headers().allValues("WWW-Authenticate")).isEqualTo(challenge);
        // a failure is not cached: the next request asks again
        bearer("/mcp", token);
        gw.upstream().next();
        assertThat(gw.introspection().calls(token)).isEqualTo(2);
    }

    @Test
    void inactiveTokenReachesUpstreamWithoutAuthorizationAndItsChallengeUnchanged() throws Exception {
        String token = Secrets.opaqueToken();
        gw.introspection().answer(token, jsonInactive());
        // unusual spacing and two challenges: the gateway must pass them byte for byte
        List<String> challenges = List.of(
                "Bearer  realm=\"stocks\",error=\"invalid_token\", error_description=\"The access token expired\",  resource_metadata=\"http://localhost:18000/.well-known/oauth-protected-resource/mcp\", scope=\"stocks/read\"",
                "DPoP algs=\"ES256 PS256\"");
        gw.upstream().challenges(challenges);

        HttpResponse<String> res = bearer("/mcp", token);

        assertThat(gw.upstream().next().authorization()).isEmpty();
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.headers().allValues("WWW-Authenticate")).isEqualTo(challenges);
        assertThat(res.body()).contains("from the upstream");
    }

    @Test
    void curityNoContentMeansInactive() throws Exception {
        String token = Secrets.opaqueToken();
        gw.introspection().answer(token, noContent());
        assertThat(bearer("/api/stocks", token).statusCode()).isEqualTo(401);
        assertThat(gw.upstream().next().authorization()).isEmpty();
    }

    @Test
    void missingTokenOrOtherSchemeReachesUpstreamWithoutAuthorization() throws Exception {
        List<String> challenges = List.of("Bearer resource_metadata=\"http://localhost:18000/.well-known/oauth-protected-resource/mcp\", scope=\"stocks/read\"");
        gw.upstream().challenges(challenges);

        HttpResponse<String> none = get("/mcp", null);
        assertThat(gw.upstream().next().authorization()).isEmpty();
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().allValues("WWW-Authenticate")).isEqualTo(challenges);

        String basic = "Basic " + Base64.getEncoder().encodeToString("user:pw".getBytes());
        Secrets.remember(basic.substring(6));
        HttpResponse<String> other = get("/api/stocks", basic);
        assertThat(gw.upstream().next().authorization()).isEmpty();
        assertThat(other.headers().allValues("WWW-Authenticate")).isEqualTo(challenges);
    }

    // ---- issue 12.3 / 12.4: only a canonical bearer token is introspected ------------------------

    /**
     * Spellings of a token that are not canonical base64url / JWS compact form. The introspection
     * server would call each of them active: the gateway must still refuse them (strip the header,
     * the upstream challenges) without asking it, and never cache them as a second token.
     */
    @Test
    void nonCanonicalBearerTokensAreRefusedLikeInactiveOnesWithoutIntrospection() throws Exception {
        String token = Secrets.opaqueToken();
        String jws = accessJwt(inMinutes(10));
        List<String> challenge = List.of("Bearer resource_metadata=\"http://localhost:18000/.well-known/oauth-protected-resource/mcp\"");
        gw.upstream().challenges(challenge);
        String[] parts = jws.split("\\.");
        List<String> variants = List.of(
                token + "==",                 // padding: RFC 6750 b64token allows it, base64url does not
                token + "=",
                token + "%3D",                // percent-encoding
                token.substring(0, 10) + "+" + token.substring(10), // base64 (not url) characters
                token.substring(0, 10) + "/" + token.substring(10),
                token + "~",
                token + "\u00e9",              // non-ASCII (sent as one ISO-8859-1 byte)
                token + " trailing",          // garbage after the token
                token + ",x",
                parts[0] + "." + parts[1],    // two parts: not a JWS
                parts[0] + ".." + parts[2],   // an empty part
                jws + "." + parts[2] + "." + parts[2], // five parts (JWE-shaped)
                "." + parts[1] + "." + parts[2],
                jws + ".");
        for (String v : variants) {
            Secrets.remember(v);
            gw.introspection().answer(v, jsonActive(accessJwt(inMinutes(10)), inMinutes(10)));
        }
        for (String v : variants) {
            HttpResponse<String> res = get("/mcp", "Bearer " + v);
            assertThat(res.statusCode()).as("Bearer <%s>", v).isEqualTo(401);
            assertThat(res.headers().allValues("WWW-Authenticate")).as("the upstream's challenge, unchanged").isEqualTo(challenge);
            assertThat(gw.upstream().next().authorization()).as("Bearer <%s> reaches the upstream without Authorization", v).isEmpty();
            assertThat(gw.introspection().calls(v)).as("Bearer <%s> is never introspected", v).isZero();
        }
        assertThat(gw.introspection().calls(token)).as("nor is the token inside them").isZero();
        assertThat(Stack.read(gw.gateway().accessLog())).contains("phantom_token=malformed");
        // the canonical forms themselves still work
        gw.introspection().answer(token, jsonActive(jws, inMinutes(10)));
        assertThat(bearer("/mcp", token).statusCode()).isEqualTo(200);
        assertUpstreamSaw(gw.upstream().next(), jws);
    }

    @Test
    void emptyBearerIsRefusedWithoutIntrospection() throws Exception {
        int before = gw.introspection().allCalls().size();
        HttpResponse<String> res = get("/mcp", "Bearer ");
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(gw.upstream().next().authorization()).isEmpty();
        assertThat(gw.introspection().allCalls()).hasSize(before);
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() throws Exception {
        for (String scheme : List.of("bearer", "BEARER", "bEaReR")) {
            String token = Secrets.opaqueToken();
            String jwt = accessJwt(inMinutes(10));
            gw.introspection().answer(token, jsonActive(jwt, inMinutes(10)));
            HttpResponse<String> res = get("/api/stocks", scheme + " " + token);
            assertThat(res.statusCode()).as(scheme).isEqualTo(200);
            assertUpstreamSaw(gw.upstream().next(), jwt);
            assertThat(gw.introspection().calls(token)).as(scheme).isEqualTo(1);
        }
    }

    @Test
    void basicCredentialsAreNeverIntrospected() throws Exception {
        String credentials = Base64.getEncoder().encodeToString(("user:" + Secrets.opaqueToken()).getBytes(StandardCharsets.UTF_8));
        Secrets.remember(credentials);
        // were they sent to the introspection endpoint, it would call them active
        gw.introspection().answer(credentials, jsonActive(accessJwt(inMinutes(10)), inMinutes(10)));
        for (String scheme : List.of("Basic", "basic", "DPoP")) {
            HttpResponse<String> res = get("/mcp", scheme + " " + credentials);
            assertThat(res.statusCode()).as(scheme).isEqualTo(401);
            assertThat(gw.upstream().next().authorization()).as(scheme).isEmpty();
        }
        assertThat(gw.introspection().calls(credentials)).isZero();
    }

    @Test
    void twoAuthorizationHeadersAreA400AndNeitherIsIntrospected() throws Exception {
        String first = Secrets.opaqueToken();
        String second = Secrets.opaqueToken();
        gw.introspection().answer(first, jsonActive(accessJwt(inMinutes(10)), inMinutes(10)));
        gw.introspection().answer(second, jsonActive(accessJwt(inMinutes(10)), inMinutes(10)));
        // a raw request: HTTP clients merge or refuse repeated headers
        String answer = raw("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + first
                + "\r\nAuthorization: Bearer " + second + "\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400");
        assertJsonNotHtml(answer, "bad_request");
        assertThat(gw.introspection().calls(first) + gw.introspection().calls(second)).isZero();
        // nothing reached the upstream: the first request it sees is this marker
        get("/api/marker", null);
        assertThat(gw.upstream().next().path()).isEqualTo("/api/marker");
    }

    /** One raw HTTP/1.1 exchange (Connection: close): the whole answer, headers and body. */
    static String raw(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", GATEWAY_PORT)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void assertJsonNotHtml(String answer, String code) {
        assertThat(answer).containsIgnoringCase("Content-Type: application/json").contains("\"code\":\"" + code + "\"")
                .doesNotContainIgnoringCase("<html");
    }

    @Test
    void requestsNginxRefusesItselfAreJsonAndCompressedBodiesNeverReachTheUpstream() throws Exception {
        String lower = raw("post /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertThat(lower).startsWith("HTTP/1.1 400");
        assertJsonNotHtml(lower, "bad_request");
        String trace = raw("TRACE /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(trace).startsWith("HTTP/1.1 405");
        assertJsonNotHtml(trace, "method_not_allowed");
        for (String encoding : List.of("gzip", "deflate", "GZIP", "gzip, deflate", "br")) {
            String gz = raw("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Encoding: "
                    + encoding + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
            assertThat(gz).as(encoding).startsWith("HTTP/1.1 415");
            assertJsonNotHtml(gz, "unsupported_content_encoding");
        }
        String identity = raw("POST /api/identity HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Encoding: identity\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertThat(identity).doesNotStartWith("HTTP/1.1 415");
        // nothing compressed reached the upstream: the first request it sees after them is the identity one
        assertThat(gw.upstream().next().path()).isEqualTo("/api/identity");
    }

    @Test
    void introspectionDownGives502Json() throws Exception {
        String token = Secrets.opaqueToken();
        gw.introspection().close();

        HttpResponse<String> res = bearer("/mcp", token);

        assertError(res, "introspection_unavailable");
        assertThat(Stack.read(gw.gateway().errorLog())).contains("introspection endpoint unreachable");
    }

    @Test
    void introspectionSlowerThanTheTimeoutGives502JsonWithinTheTimeout() throws Exception {
        String token = Secrets.opaqueToken();
        gw.introspection().answer(token, slow(20_000, jsonActive(accessJwt(inMinutes(10)), inMinutes(10))));

        long t0 = System.nanoTime();
        // the client gives up after 10 s; the introspection server would answer after 20 s
        HttpResponse<String> res = bearer("/mcp", token);
        System.out.printf("gateway answered a slow introspection (timeout %d ms) after %d ms%n",
                TIMEOUT_MS, (System.nanoTime() - t0) / 1_000_000);

        assertError(res, "introspection_unavailable");
        assertThat(Stack.read(gw.gateway().errorLog())).contains("introspection endpoint did not answer within " + TIMEOUT_MS + " ms");
    }

    @Test
    void introspection5xxGives502JsonAndIsNotCached() throws Exception {
        String token = Secrets.opaqueToken();
        gw.introspection().answer(token, status(503));

        assertError(bearer("/mcp", token), "introspection_unavailable");
        assertThat(Stack.read(gw.gateway().errorLog())).contains("introspection endpoint answered HTTP 503");

        String jwt = accessJwt(inMinutes(10));
        gw.introspection().answer(token, jsonActive(jwt, inMinutes(10)));
        assertThat(bearer("/mcp", token).statusCode()).isEqualTo(200);
        assertUpstreamSaw(gw.upstream().next(), jwt);
        assertThat(gw.introspection().calls(token)).isEqualTo(2);
    }

    @Test
    void unusableAnswersGive502IntrospectionFailed() throws Exception {
        String refused = Secrets.opaqueToken();
        gw.introspection().answer(refused, status(401)); // e.g. wrong GATEWAY_CLIENT_SECRET
        assertError(bearer("/mcp", refused), "introspection_failed");
        assertThat(Stack.read(gw.gateway().errorLog())).contains("introspection endpoint answered HTTP 401");

        String noJwt = Secrets.opaqueToken();
        gw.introspection().answer(noJwt, jsonActiveWithoutJwt(inMinutes(10)));
        assertError(bearer("/mcp", noJwt), "introspection_failed");
        assertThat(Stack.read(gw.gateway().errorLog())).contains("without a usable 'jwt' member");
    }

    static void assertError(HttpResponse<String> res, String code) throws Exception {
        assertThat(res.statusCode()).isEqualTo(502);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.path("code").asText()).isEqualTo(code);
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(res.headers().allValues("WWW-Authenticate")).isEmpty();
    }

    @Test
    void corsPreflightIsAnsweredByTheGateway() throws Exception {
        String origin = gw.settings().get("ALLOWED_ORIGINS").split(",")[0].trim();
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(gw.gateway().url("/mcp")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,mcp-protocol-version,mcp-session-id,last-event-id")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(res.statusCode()).isEqualTo(204);
        assertThat(res.headers().allValues("Access-Control-Allow-Origin")).containsExactly(origin);
        String allowed = res.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase();
        for (String h : List.of("authorization", "content-type", "mcp-protocol-version", "mcp-session-id", "last-event-id")) {
            assertThat(allowed).contains(h);
        }
        assertThat(res.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST").contains("DELETE");
        HttpResponse<String> prm = HTTP.send(HttpRequest.newBuilder(URI.create(gw.gateway().url("/.well-known/oauth-protected-resource/mcp")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "GET").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(prm.statusCode()).isEqualTo(204);
        assertThat(prm.headers().allValues("Access-Control-Allow-Origin")).containsExactly(origin);
        // the preflights never reached the upstream: the first request it sees is this marker
        get("/api/marker", null);
        assertThat(gw.upstream().next().path()).isEqualTo("/api/marker");
    }

    @Test
    void corsHeadersOnResponsesExposeTheMcpHeaders() throws Exception {
        String origin = gw.settings().get("ALLOWED_ORIGINS").split(",")[0].trim();
        gw.upstream().challenges(List.of("Bearer resource_metadata=\"x\""));
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(gw.gateway().url("/mcp")))
                .header("Origin", origin).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.headers().allValues("Access-Control-Allow-Origin")).containsExactly(origin);
        String exposed = res.headers().firstValue("Access-Control-Expose-Headers").orElse("");
        assertThat(exposed).contains("WWW-Authenticate").contains("Mcp-Session-Id").contains("Mcp-Protocol-Version");
        gw.upstream().next();

        HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(URI.create(gw.gateway().url("/mcp")))
                .header("Origin", "https://evil.example").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.headers().allValues("Access-Control-Allow-Origin")).isEmpty();
        gw.upstream().next();
    }

    @Test
    void protectedResourceMetadataNeedsNoTokenAndIsNotIntrospected() throws Exception {
        String token = Secrets.opaqueToken();
        HttpResponse<String> res = bearer("/.well-known/oauth-protected-resource/mcp", token);
        TestUpstream.Received r = gw.upstream().next();
        assertThat(r.path()).isEqualTo("/.well-known/oauth-protected-resource/mcp");
        assertThat(gw.introspection().calls(token)).isZero();
        assertThat(res.statusCode()).isEqualTo(200);
    }

    @Test
    void sseStreamIsNotBuffered() throws Exception {
        String token = Secrets.opaqueToken();
        gw.introspection().answer(token, jsonActive(accessJwt(inMinutes(10)), inMinutes(10)));
        HttpResponse<InputStream> res = HTTP.send(HttpRequest.newBuilder(URI.create(gw.gateway().url("/mcp/stream")))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("event: message");
            assertThat(in.readLine()).isEqualTo("data: first");
            // the first event arrived while the upstream still holds the stream open
            gw.upstream().releaseStream();
            assertThat(in.lines().toList()).contains("data: second");
        }
        assertThat(gw.upstream().streamReleasedByClient()).isTrue();
    }

    @Test
    void unknownPathIsA404Json() throws Exception {
        HttpResponse<String> res = get("/nothing-here", null);
        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(res.body()).path("code").asText()).isEqualTo("not_found");
    }
}
