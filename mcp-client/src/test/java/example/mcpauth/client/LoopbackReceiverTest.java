package example.mcpauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import example.mcpauth.client.authorization.LoopbackReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoopbackReceiverTest {

    static HttpResponse<String> get(URI u) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listensOnLoopbackWithAFreePort() {
        try (LoopbackReceiver r = LoopbackReceiver.start(0, false)) {
            assertThat(r.port()).isPositive();
            assertThat(r.redirectUri().toString()).isEqualTo("http://127.0.0.1:" + r.port() + "/callback");
        }
    }

    @Test
    void acceptsMatchingStateAndIss() throws Exception {
        try (LoopbackReceiver r = LoopbackReceiver.start(0, false)) {
            r.expect("s1", "https://as.example", true);
            HttpResponse<String> resp = get(URI.create(r.redirectUri() + "?code=c1&state=s1&iss=https%3A%2F%2Fas.example"));
            assertThat(resp.statusCode()).isEqualTo(200);
            assertThat(resp.body()).contains("You are signed in");
            assertThat(r.await(Duration.ofSeconds(5)).code()).isEqualTo("c1");
        }
    }

    @Test
    void wrongStateIsRefusedAndTheBrowserSeesWhy() throws Exception {
        try (LoopbackReceiver r = LoopbackReceiver.start(0, false)) {
            r.expect("s1", "https://as.example", false);
            HttpResponse<String> resp = get(URI.create(r.redirectUri() + "?code=c1&state=other"));
            assertThat(resp.statusCode()).isEqualTo(400);
            assertThat(resp.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
            assertThat(resp.body()).contains("Sign-in refused").contains("state mismatch");
            assertThatThrownBy(() -> r.await(Duration.ofSeconds(5))).hasMessageContaining("state mismatch");
        }
    }

    @Test
    void wrongIssIsRefused() throws Exception {
        try (LoopbackReceiver r = LoopbackReceiver.start(0, false)) {
            r.expect("s1", "https://as.example", false);
            assertThat(get(URI.create(r.redirectUri() + "?code=c1&state=s1&iss=https%3A%2F%2Fevil")).statusCode()).isEqualTo(400);
            assertThatThrownBy(() -> r.await(Duration.ofSeconds(5))).hasMessageContaining("iss mismatch");
        }
    }

    @Test
    void errorResponseIsReported() throws Exception {
        try (LoopbackReceiver r = LoopbackReceiver.start(0, false)) {
            r.expect("s1", "https://as.example", false);
            get(URI.create(r.redirectUri() + "?error=access_denied&error_description=no&state=s1"));
            assertThatThrownBy(() -> r.await(Duration.ofSeconds(5))).hasMessageContaining("access_denied");
        }
    }

    @Test
    void timesOutWithAHint() {
        try (LoopbackReceiver r = LoopbackReceiver.start(0, false)) {
            r.expect("s1", "https://as.example", false);
            assertThatThrownBy(() -> r.await(Duration.ofMillis(200))).isInstanceOf(McpAuthException.class)
                    .hasMessageContaining("No sign-in response");
        }
    }

    @Test
    void takenConfiguredPortIsReportedOrFallsBack() {
        try (LoopbackReceiver a = LoopbackReceiver.start(0, false)) {
            assertThatThrownBy(() -> LoopbackReceiver.start(a.port(), false)).hasMessageContaining("port is taken");
            try (LoopbackReceiver b = LoopbackReceiver.start(a.port(), true)) {
                assertThat(b.port()).isNotEqualTo(a.port());
            }
        }
    }
}
