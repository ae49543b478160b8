package example.mcpauth.keycloak.events;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

import org.jboss.logging.Logger;
import org.keycloak.util.JsonSerialization;

/**
 * Tells the gateway to drop its cached introspection results: {@code POST <url>} with
 * {@code Authorization: Bearer <secret>} and {@code {"sub":…,"client_id":…}}. Asynchronous with short
 * timeouts (Keycloak's request thread never waits for the gateway), no retry; every call is counted in
 * the meter {@value #METER} (tag {@code outcome}: {@code sent} for a 200, {@code failed} otherwise:
 * Keycloak's {@code /metrics} shows {@code mcp_gateway_purge_total}) and failures are logged — never
 * the secret.
 */
public final class GatewayPurgeSender {

    private static final Logger LOG = Logger.getLogger(GatewayPurgeSender.class);

    static final String METER = "mcp.gateway.purge";

    private final URI url;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient client;
    private final Counter sent;
    private final Counter failed;

    public GatewayPurgeSender(URI url, String secret, Duration timeout) {
        this.url = url;
        this.authorization = "Bearer " + secret;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.sent = counter("sent");
        this.failed = counter("failed");
    }

    private static Counter counter(String outcome) {
        return Counter.builder(METER).description("Purge calls to the gateway's introspection cache")
                .tag("outcome", outcome).register(Metrics.globalRegistry);
    }

    public URI url() {
        return url;
    }

    /** Sends the purge; returns at once. */
    public void send(PurgeTarget target) {
        String body;
        try {
            body = JsonSerialization.writeValueAsString(target.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the purge request", e);
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() == 200) {
                sent.increment();
                LOG.debugf("gateway purge sent for user %s, client %s", target.sub(), describe(target));
                return;
            }
            failed.increment();
            String why = error != null ? error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage())
                    : "HTTP " + response.statusCode();
            LOG.warnf("gateway purge for user %s, client %s at %s failed (%s); %d purge call(s) failed since start",
                    target.sub(), describe(target), url, why, (long) failed.count());
        });
    }

    private static String describe(PurgeTarget target) {
        return target.clientId() == null ? "(all)" : target.clientId();
    }
}
