package example.mcpauth.gateway;

import example.mcpauth.gateway.support.Gateway;
import example.mcpauth.gateway.support.IntrospectionServer;
import example.mcpauth.gateway.support.Secrets;
import example.mcpauth.gateway.support.Stack;
import example.mcpauth.gateway.support.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static example.mcpauth.gateway.support.IntrospectionServer.jsonActive;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cache entry lives at most GATEWAY_TOKEN_CACHE_SECONDS and never past the token's exp. A
 * gateway with a 5 second cache: waiting past either bound makes the next request introspect.
 */
@Order(2)
class CacheLifetimeTest {
    static final int GATEWAY_PORT = 28010;
    static final int INTROSPECTION_PORT = 28011;
    static final int UPSTREAM_PORT = 28012;
    static final int CACHE_SECONDS = 5;

    static IntrospectionServer introspection;
    static TestUpstream upstream;
    static Gateway gateway;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        Map<String, String> settings = Stack.settings(Map.of());
        introspection = new IntrospectionServer(INTROSPECTION_PORT, settings.get("GATEWAY_CLIENT_ID"),
                settings.get("GATEWAY_CLIENT_SECRET")).start();
        upstream = new TestUpstream(UPSTREAM_PORT);
        gateway = Gateway.start("cache", GATEWAY_PORT, Map.of(
                "LIBERTY_HTTP_PORT", Integer.toString(UPSTREAM_PORT),
                "AS_INTROSPECTION_ENDPOINT", introspection.endpoint(),
                "GATEWAY_TOKEN_CACHE_SECONDS", Integer.toString(CACHE_SECONDS)));
    }

    @AfterAll
    static void stop() {
        try {
            if (gateway != null) gateway.close();
        } finally {
            if (upstream != null) upstream.close();
            if (introspection != null) introspection.close();
        }
    }

    static String call(String token) throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(gateway.url("/mcp")))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        return upstream.next().authorization().get(0);
    }

    static void sleepUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) Thread.sleep(wait);
    }

    @Test
    void entryExpiresAfterTheConfiguredSeconds() throws Exception {
        String token = Secrets.opaqueToken();
        long exp = System.currentTimeMillis() / 1000 + 600; // far beyond the cache lifetime
        String jwt = Secrets.jwt("{\"sub\":\"john\",\"exp\":" + exp + "}");
        introspection.answer(token, jsonActive(jwt, exp));

        long first = System.currentTimeMillis();
        assertThat(call(token)).isEqualTo("Bearer " + jwt);
        assertThat(call(token)).isEqualTo("Bearer " + jwt);
        assertThat(introspection.calls(token)).isEqualTo(1);

        sleepUntil(first + CACHE_SECONDS * 1000L + 300);
        assertThat(call(token)).isEqualTo("Bearer " + jwt);
        assertThat(introspection.calls(token)).isEqualTo(2);
    }

    @Test
    void entryNeverOutlivesTheTokensExp() throws Exception {
        String token = Secrets.opaqueToken();
        long exp = System.currentTimeMillis() / 1000 + 4; // 3 to 4 s away: before the cache lifetime ends
        String jwt = Secrets.jwt("{\"sub\":\"john\",\"exp\":" + exp + "}");
        introspection.answer(token, jsonActive(jwt, exp));

        assertThat(call(token)).isEqualTo("Bearer " + jwt);
        assertThat(call(token)).isEqualTo("Bearer " + jwt);
        assertThat(introspection.calls(token)).isEqualTo(1);

        sleepUntil(exp * 1000 + 200); // past exp, still inside the 5 s cache lifetime of the first call
        call(token);
        assertThat(introspection.calls(token)).isEqualTo(2);
    }
}
