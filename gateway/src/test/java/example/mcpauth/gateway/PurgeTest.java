package example.mcpauth.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import example.mcpauth.gateway.support.GatewayFixture;
import example.mcpauth.gateway.support.Secrets;
import example.mcpauth.gateway.support.TestUpstream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static example.mcpauth.gateway.support.IntrospectionServer.jsonActive;
import static example.mcpauth.gateway.support.IntrospectionServer.jsonInactive;
import static example.mcpauth.gateway.support.IntrospectionServer.slow;
import static example.mcpauth.gateway.support.GatewayFixture.HTTP;
import static example.mcpauth.gateway.support.GatewayFixture.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocation in seconds (issue 12.7): the admin server's POST /internal/purge drops the cached
 * introspection results of a user (sub) and client (the JWT's azp), so that the next call with a
 * revoked token is introspected again and refused. Real nginx, real HTTP on both ports.
 */
@Order(5)
class PurgeTest {
    static final String PURGE_PATH = "/internal/purge";

    @RegisterExtension
    static final GatewayFixture gw = new GatewayFixture("purge", 28020, Map.of("GATEWAY_TOKEN_CACHE_SECONDS", "900"));
    static String secret;

    @BeforeAll
    static void rememberSecret() {
        secret = Secrets.remember(gw.settings().get("GATEWAY_PURGE_SECRET"));
    }

    @BeforeEach
    void reset() {
        gw.upstream().clear();
    }

    static long inMinutes(int m) {
        return System.currentTimeMillis() / 1000 + 60L * m;
    }

    static String user() {
        return UUID.randomUUID().toString();
    }

    /** An opaque token that the introspection server calls active, with a JWT of this sub and azp. */
    static String activeToken(String sub, String azp) {
        String token = Secrets.opaqueToken();
        long exp = inMinutes(10);
        gw.introspection().answer(token, jsonActive(Secrets.jwt("{\"sub\":\"" + sub + "\",\"azp\":\"" + azp + "\",\"exp\":" + exp + "}"), exp));
        return token;
    }

    /** A call through the public port; returns the status and consumes what reached the upstream. */
    static int call(String token) throws Exception {
        HttpResponse<String> res = gw.bearer("/mcp", token);
        TestUpstream.Received r = gw.upstream().next();
        assertThat(r.authorization().isEmpty()).as("no Authorization upstream exactly when refused").isEqualTo(res.statusCode() == 401);
        return res.statusCode();
    }

    static HttpResponse<String> purge(String url, String method, String authorization, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) b.header("Authorization", authorization);
        if (contentType != null) b.header("Content-Type", contentType);
        return GatewayFixture.send(b);
    }

    static HttpResponse<String> purge(String body) throws Exception {
        return purge(gw.gateway().adminUrl(PURGE_PATH), "POST", "Bearer " + secret, "application/json", body);
    }

    static int purged(HttpResponse<String> res) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.path("purged").isInt()).as(res.body()).isTrue();
        return body.path("purged").asInt();
    }

    static String body(String sub, String clientId) {
        return clientId == null ? "{\"sub\":\"" + sub + "\"}" : "{\"sub\":\"" + sub + "\",\"client_id\":\"" + clientId + "\"}";
    }

    @Test
    void purgeBySubAndClientMakesTheNextCallIntrospectAgainAndARevokedTokenIsRefused() throws Exception {
        String john = user();
        String jane = user();
        String revoked = activeToken(john, "inspector");
        String otherClient = activeToken(john, "claude");
        String otherUser = activeToken(jane, "inspector");
        for (String t : List.of(revoked, otherClient, otherUser)) {
            assertThat(call(t)).isEqualTo(200);
            assertThat(call(t)).isEqualTo(200);
            assertThat(gw.introspection().calls(t)).as("the second call is served from the cache").isEqualTo(1);
        }
        // the grant is revoked at the authorization server: from now on it says inactive
        gw.introspection().answer(revoked, jsonInactive());
        assertThat(call(revoked)).as("before the purge the cache still serves the revoked token").isEqualTo(200);

        long t0 = System.nanoTime();
        assertThat(purged(purge(body(john, "inspector")))).isEqualTo(1);
        int status = call(revoked);
        System.out.printf("purge to first refused call: %.1f ms%n", (System.nanoTime() - t0) / 1e6);

        assertThat(status).isEqualTo(401);
        assertThat(gw.introspection().calls(revoked)).as("introspected again after the purge").isEqualTo(2);
        // another client of the same user and the same client of another user keep their entries
        assertThat(call(otherClient)).isEqualTo(200);
        assertThat(call(otherUser)).isEqualTo(200);
        assertThat(gw.introspection().calls(otherClient)).isEqualTo(1);
        assertThat(gw.introspection().calls(otherUser)).isEqualTo(1);
        // a second purge finds nothing left
        assertThat(purged(purge(body(john, "inspector")))).isZero();
    }

    @Test
    void purgeBySubAloneDropsEveryClientOfThatUser() throws Exception {
        String john = user();
        String a = activeToken(john, "inspector");
        String b = activeToken(john, "claude");
        String jane = activeToken(user(), "inspector");
        for (String t : List.of(a, b, jane)) assertThat(call(t)).isEqualTo(200);

        assertThat(purged(purge(body(john, null)))).isEqualTo(2);

        for (String t : List.of(a, b, jane)) assertThat(call(t)).isEqualTo(200);
        assertThat(gw.introspection().calls(a)).isEqualTo(2);
        assertThat(gw.introspection().calls(b)).isEqualTo(2);
        assertThat(gw.introspection().calls(jane)).isEqualTo(1);
    }

    @Test
    void aUserWithMoreCachedTokensThanIndexSlotsLosesNoneToAPurge() throws Exception {
        // the index keeps 64 slots per user; older entries give their slot up and leave the cache
        String john = user();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 70; i++) tokens.add(activeToken(john, "inspector"));
        for (String t : tokens) assertThat(call(t)).isEqualTo(200);

        int n = purged(purge(body(john, "inspector")));
        assertThat(n).as("the index is bounded").isEqualTo(64);

        for (String t : tokens) gw.introspection().answer(t, jsonInactive());
        for (String t : tokens) assertThat(call(t)).isEqualTo(401);
        for (String t : tokens) assertThat(gw.introspection().calls(t)).isEqualTo(2);
    }

    @Test
    void aResultIntrospectedBeforeAPurgeIsNotCachedAfterIt() throws Exception {
        String john = user();
        String token = Secrets.opaqueToken();
        long exp = inMinutes(10);
        gw.introspection().answer(token, slow(1500, jsonActive(Secrets.jwt("{\"sub\":\"" + john + "\",\"azp\":\"inspector\",\"exp\":" + exp + "}"), exp)));
        CompletableFuture<HttpResponse<String>> inFlight = HTTP.sendAsync(gw.request("/mcp")
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        while (gw.introspection().calls(token) == 0 && !inFlight.isDone()) Thread.sleep(10); // until the introspection has started
        assertThat(purged(purge(body(john, "inspector")))).isZero();
        assertThat(inFlight.get().statusCode()).as("answered active when it was asked").isEqualTo(200);
        gw.upstream().next();

        gw.introspection().answer(token, jsonInactive());
        assertThat(call(token)).as("not served from a cache entry written after the purge").isEqualTo(401);
        assertThat(gw.introspection().calls(token)).isEqualTo(2);
    }

    @Test
    void withoutTheRightSecretThePurgeIs401AndPurgesNothing() throws Exception {
        String john = user();
        String token = activeToken(john, "inspector");
        assertThat(call(token)).isEqualTo(200);
        String url = gw.gateway().adminUrl(PURGE_PATH);
        List<String> wrong = new ArrayList<>(List.of("Bearer " + secret + "x", "Bearer " + secret.substring(1), "Bearer x",
                "Basic " + java.util.Base64.getEncoder().encodeToString(("purge:" + secret).getBytes()), "bearer"));
        wrong.add(null);
        for (String authorization : wrong) {
            HttpResponse<String> res = purge(url, "POST", authorization, "application/json", body(john, null));
            assertThat(res.statusCode()).as("Authorization %s", authorization == null ? "absent" : "wrong").isEqualTo(401);
            assertThat(JSON.readTree(res.body()).path("code").asText()).isEqualTo("unauthorized");
        }
        assertThat(call(token)).isEqualTo(200);
        assertThat(gw.introspection().calls(token)).as("still cached").isEqualTo(1);
        // the scheme is case-insensitive here too
        assertThat(purged(purge(url, "POST", "bearer " + secret, "application/json", body(john, null)))).isEqualTo(1);
    }

    @Test
    void badBodiesAre400() throws Exception {
        String url = gw.gateway().adminUrl(PURGE_PATH);
        Map<String, String> bodies = Map.of(
                "not JSON", "sub=john",
                "an array", "[\"john\"]",
                "no sub", "{\"client_id\":\"inspector\"}",
                "empty sub", "{\"sub\":\"\"}",
                "sub a number", "{\"sub\":42}",
                "client_id empty", "{\"sub\":\"john\",\"client_id\":\"\"}",
                "client_id an object", "{\"sub\":\"john\",\"client_id\":{}}");
        for (Map.Entry<String, String> e : bodies.entrySet()) {
            HttpResponse<String> res = purge(url, "POST", "Bearer " + secret, "application/json", e.getValue());
            assertThat(res.statusCode()).as(e.getKey()).isEqualTo(400);
            assertThat(JSON.readTree(res.body()).path("code").asText()).as(e.getKey()).isEqualTo("invalid_request");
        }
        assertThat(purge(url, "POST", "Bearer " + secret, "text/plain", body("john", null)).statusCode()).as("not application/json").isEqualTo(400);
        assertThat(purge(url, "POST", "Bearer " + secret, "application/json", "{\"sub\":\"" + "x".repeat(9000) + "\"}").statusCode())
                .as("larger than the admin server takes").isEqualTo(413);
    }

    @Test
    void otherMethodsAre405() throws Exception {
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            HttpResponse<String> res = purge(gw.gateway().adminUrl(PURGE_PATH), method, "Bearer " + secret, "application/json",
                    method.equals("GET") || method.equals("DELETE") ? null : body("john", null));
            assertThat(res.statusCode()).as(method).isEqualTo(405);
            assertThat(res.headers().firstValue("Allow")).as(method).hasValue("POST");
        }
    }

    @Test
    void thePublicPortHasNoPurgeRouteAndTheAdminPortNothingElse() throws Exception {
        String john = user();
        String token = activeToken(john, "inspector");
        assertThat(call(token)).isEqualTo(200);

        HttpResponse<String> res = purge(gw.gateway().url(PURGE_PATH), "POST", "Bearer " + secret, "application/json", body(john, null));
        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(res.body()).path("code").asText()).isEqualTo("not_found");
        assertThat(call(token)).isEqualTo(200);
        assertThat(gw.introspection().calls(token)).as("nothing was purged").isEqualTo(1);

        for (String path : List.of("/mcp", "/api/stocks", "/_gateway/health", "/internal/purge/x")) {
            HttpResponse<String> admin = purge(gw.gateway().adminUrl(path), "GET", "Bearer " + token, null, null);
            assertThat(admin.statusCode()).as("admin port %s", path).isEqualTo(404);
        }
        assertThat(gw.introspection().calls(token)).isEqualTo(1);
    }
}
