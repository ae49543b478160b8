package example.mcpauth.gateway;

import example.mcpauth.gateway.support.GatewayFixture;
import example.mcpauth.gateway.support.Secrets;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.Map;

import static example.mcpauth.gateway.support.IntrospectionServer.jsonActive;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cache entry lives at most GATEWAY_TOKEN_CACHE_SECONDS and never past the token's exp. A
 * gateway with a 5 second cache: waiting past either bound makes the next request introspect.
 */
@Order(2)
class CacheLifetimeTest {
    static final int CACHE_SECONDS = 5;

    @RegisterExtension
    static final GatewayFixture gw = new GatewayFixture("cache", 28010, Map.of("GATEWAY_TOKEN_CACHE_SECONDS", Integer.toString(CACHE_SECONDS)));

    static String call(String token) throws Exception {
        HttpResponse<String> res = gw.bearer("/mcp", token);
        assertThat(res.statusCode()).isEqualTo(200);
        return gw.upstream().next().authorization().get(0);
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
        gw.introspection().answer(token, jsonActive(jwt, exp));

        long first = System.currentTimeMillis();
        assertThat(call(token)).isEqualTo("Bearer " + jwt);
        assertThat(call(token)).isEqualTo("Bearer " + jwt);
        assertThat(gw.introspection().calls(token)).isEqualTo(1);

        sleepUntil(first + CACHE_SECONDS * 1000L + 300);
        assertThat(call(token)).isEqualTo("Bearer " + jwt);
        assertThat(gw.introspection().calls(token)).isEqualTo(2);
    }

    @Test
    void entryNeverOutlivesTheTokensExp() throws Exception {
        String token = Secrets.opaqueToken();
        long exp = System.currentTimeMillis() / 1000 + 4; // 3 to 4 s away: before the cache lifetime ends
        String jwt = Secrets.jwt("{\"sub\":\"john\",\"exp\":" + exp + "}");
        gw.introspection().answer(token, jsonActive(jwt, exp));

        assertThat(call(token)).isEqualTo("Bearer " + jwt);
        assertThat(call(token)).isEqualTo("Bearer " + jwt);
        assertThat(gw.introspection().calls(token)).isEqualTo(1);

        sleepUntil(exp * 1000 + 200); // past exp, still inside the 5 s cache lifetime of the first call
        call(token);
        assertThat(gw.introspection().calls(token)).isEqualTo(2);
    }
}
