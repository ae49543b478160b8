package example.mcpauth.e2e;

import example.mcpauth.testsupport.Command;
import example.mcpauth.testsupport.Http;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Liberty's readiness follows the authorization server: with the stack's Keycloak process stopped (by its
 * PID), {@code /health/ready} goes DOWN naming the JWKS and the token endpoint; once Keycloak is started
 * again the way the stack starts it ({@code scripts/keycloak.sh start}), it is UP again. It stops a
 * component every other test needs, so it runs alone after them (tag stops-keycloak: its own failsafe
 * execution, e2e-tests/pom.xml).
 */
@Tag("stops-keycloak")
class KeycloakOutageIT {

    private static final Duration LIMIT = Duration.ofSeconds(90);

    @Test
    void readinessGoesDownWhenKeycloakStopsAndUpWhenItIsBack() throws Exception {
        Http http = new Http();
        String ready = E2e.stack().libertyUrl() + "/health/ready";
        HttpResponse<String> up = await(http, ready, r -> r.statusCode() == 200);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);

        Path pidFile = E2e.stack().root().resolve(E2e.stack().stateDir()).resolve("pids/keycloak.pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle keycloak = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("Keycloak (PID " + pid + ") is not running"));
        keycloak.descendants().forEach(ProcessHandle::destroy);
        keycloak.destroy();
        keycloak.onExit().get(60, TimeUnit.SECONDS);
        System.out.printf("Keycloak (PID %d) stopped%n", pid);

        HttpResponse<String> down = await(http, ready, r -> r.statusCode() == 503
                && compact(r).contains("\"jwks\":\"DOWN") && compact(r).contains("\"token-endpoint\":\"DOWN"));
        System.out.printf("/health/ready with Keycloak stopped: %d %s%n", down.statusCode(), down.body());
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(compact(down)).contains("\"status\":\"DOWN\"")
                .contains("\"jwks\":\"DOWN").contains("\"token-endpoint\":\"DOWN")
                // the API itself still answers: only what depends on Keycloak is down
                .contains("\"stocks-api\":\"UP");

        Command.Result started = Command.in(E2e.stack().root())
                .env("KEYCLOAK_TRUSTSTORE_PATHS", System.getProperty("e2e.cimd.dir") + "/cimd.pem")
                .timeout(Duration.ofMinutes(4)).run("scripts/keycloak.sh", "start");
        assertThat(started.exitCode()).as(started.output()).isZero();

        HttpResponse<String> back = await(http, ready, r -> r.statusCode() == 200);
        System.out.printf("/health/ready with Keycloak started again: %d %s%n", back.statusCode(), back.body());
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(compact(back)).contains("\"status\":\"UP\"").doesNotContain("DOWN");
    }

    /** The body with no blanks around the JSON colons ("key":"value"). */
    private static String compact(HttpResponse<String> r) {
        return r.body().replaceAll("\"\\s*:\\s*\"", "\":\"");
    }

    /** Polls {@code url} until {@code done} (up to {@link #LIMIT}); the last answer. */
    private static HttpResponse<String> await(Http http, String url, Predicate<HttpResponse<String>> done) throws Exception {
        long until = System.nanoTime() + LIMIT.toNanos();
        HttpResponse<String> r = http.get(url);
        while (!done.test(r) && System.nanoTime() < until) {
            Thread.sleep(500);
            r = http.get(url);
        }
        return r;
    }
}
