package example.mcpauth.gateway;

import example.mcpauth.gateway.support.GatewayFixture;
import example.mcpauth.gateway.support.Secrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static example.mcpauth.gateway.support.IntrospectionServer.jsonActive;
import static example.mcpauth.gateway.support.IntrospectionServer.jsonInactive;
import static example.mcpauth.gateway.support.IntrospectionServer.status;
import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's counters (GET /internal/metrics on the admin port, Prometheus text) move with the requests. */
class MetricsTest {
    @RegisterExtension
    static final GatewayFixture gw = new GatewayFixture("metrics", 28050, Map.of("GATEWAY_TOKEN_CACHE_SECONDS", "900"));

    static int get(String token) throws Exception {
        return gw.bearer("/mcp", token).statusCode();
    }

    /** Every series of the exposition, by its name with labels. */
    static Map<String, Double> metrics() throws Exception {
        HttpResponse<String> r = GatewayFixture.send(HttpRequest.newBuilder(URI.create(gw.gateway().adminUrl("/internal/metrics")))
                .timeout(Duration.ofSeconds(10)).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        Map<String, Double> m = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int space = line.lastIndexOf(' ');
            m.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return m;
    }

    static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        return after.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0);
    }

    @Test
    void cacheHitsAndMissesIntrospectionTimeAndRefusalsAreCounted() throws Exception {
        long exp = System.currentTimeMillis() / 1000 + 600;
        String active = Secrets.opaqueToken();
        gw.introspection().answer(active, jsonActive(Secrets.jwt("{\"sub\":\"john\",\"exp\":" + exp + "}"), exp));
        String inactive = Secrets.opaqueToken();
        gw.introspection().answer(inactive, jsonInactive());
        String failing = Secrets.opaqueToken();
        gw.introspection().answer(failing, status(500));
        Map<String, Double> before = metrics();

        assertThat(get(active)).isEqualTo(200);   // miss: introspected
        assertThat(get(active)).isEqualTo(200);   // hit
        assertThat(get(inactive)).isEqualTo(401); // miss, refused: the upstream challenges
        assertThat(get(failing)).isEqualTo(502);  // miss, introspection_unavailable

        Map<String, Double> after = metrics();
        assertThat(delta(before, after, "gateway_introspection_cache_total{result=\"miss\"}")).isEqualTo(3);
        assertThat(delta(before, after, "gateway_introspection_cache_total{result=\"hit\"}")).isEqualTo(1);
        assertThat(delta(before, after, "gateway_introspection_seconds_count")).isEqualTo(3);
        assertThat(delta(before, after, "gateway_introspection_seconds_bucket{le=\"+Inf\"}")).isEqualTo(3);
        assertThat(after.get("gateway_introspection_seconds_sum")).isPositive();
        assertThat(delta(before, after, "gateway_decisions_total{outcome=\"allowed\",reason=\"\"}")).isEqualTo(2);
        assertThat(delta(before, after, "gateway_decisions_total{outcome=\"refused\",reason=\"invalid_token\"}")).isEqualTo(1);
        assertThat(delta(before, after, "gateway_decisions_total{outcome=\"error\",reason=\"introspection_unavailable\"}")).isEqualTo(1);
        assertThat(delta(before, after, "gateway_responses_total{status=\"401\"}")).isEqualTo(1);
        assertThat(delta(before, after, "gateway_responses_total{status=\"502\"}")).isEqualTo(1);
    }

    @Test
    void theMetricsAreOnlyOnTheAdminPort() throws Exception {
        HttpResponse<String> r = gw.get("/internal/metrics", null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).doesNotContain("gateway_introspection");
    }
}
