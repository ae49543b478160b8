package example.mcpauth.oauth;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntPredicate;

/**
 * A readiness probe of one thing a resource server depends on, over HTTP: the authorization server's JWKS
 * (reachable AND holding at least one key: without keys no token can be validated), or any endpoint
 * that must answer with an expected status (the token endpoint, the stocks API). The outcome is kept
 * for a few seconds so that frequent probes do not load the dependency.
 */
public final class DependencyCheck {

    /** The outcome: up or down, and a short reason a person can read (never a token or secret). */
    public record Outcome(boolean up, String detail) { }

    /** How long an outcome is kept before the next probe. */
    static final Duration KEEP = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final URI uri;
    private final boolean jwks;
    private final IntPredicate expectedStatus;
    private final Duration keep;
    private final Clock clock;
    private Outcome last;
    private Instant lastAt = Instant.MIN;

    private DependencyCheck(String name, URI uri, boolean jwks, IntPredicate expectedStatus, Duration keep, Clock clock) {
        this.name = name;
        this.uri = uri;
        this.jwks = jwks;
        this.expectedStatus = expectedStatus;
        this.keep = keep;
        this.clock = clock;
    }

    /** The JWKS at {@code uri} is reachable and has at least one key. */
    public static DependencyCheck jwks(String uri) {
        return new DependencyCheck("jwks", URI.create(uri), true, s -> s == 200, KEEP, Clock.systemUTC());
    }

    /** {@code uri} answers a GET with a status {@code expectedStatus} accepts (e.g. 401 from a protected API). */
    public static DependencyCheck endpoint(String name, String uri, IntPredicate expectedStatus) {
        return new DependencyCheck(name, URI.create(uri), false, expectedStatus, KEEP, Clock.systemUTC());
    }

    public String name() {
        return name;
    }

    public synchronized Outcome check() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(lastAt.plus(keep))) {
            last = probe();
            lastAt = now;
        }
        return last;
    }

    private Outcome probe() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (!expectedStatus.test(response.statusCode())) {
                return new Outcome(false, uri + " answered HTTP " + response.statusCode());
            }
            if (jwks) {
                int keys = keyCount(response.body());
                return keys > 0 ? new Outcome(true, keys + " key(s) at " + uri) : new Outcome(false, "no keys at " + uri);
            }
            return new Outcome(true, uri + " answered HTTP " + response.statusCode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, uri + " not checked (interrupted)");
        } catch (Exception e) {
            return new Outcome(false, uri + " unreachable (" + e.getClass().getSimpleName() + ")");
        }
    }

    static int keyCount(String body) {
        try {
            JsonObject jwks = Json.createReader(new StringReader(body)).readObject();
            return jwks.containsKey("keys") && jwks.get("keys").getValueType() == jakarta.json.JsonValue.ValueType.ARRAY
                    ? jwks.getJsonArray("keys").size() : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
