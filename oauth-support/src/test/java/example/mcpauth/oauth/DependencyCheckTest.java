package example.mcpauth.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DependencyCheckTest {

    HttpServer server;
    String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        answer("/jwks", 200, "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\"}]}");
        answer("/empty", 200, "{\"keys\":[]}");
        answer("/broken", 500, "oops");
        answer("/api", 401, "{\"code\":\"missing_token\"}");
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(String path, int status, String body) {
        server.createContext(path, ex -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aJwksWithKeysIsUp() {
        assertThat(DependencyCheck.jwks(base + "/jwks").check()).satisfies(o -> {
            assertThat(o.up()).isTrue();
            assertThat(o.detail()).contains("1 key");
        });
    }

    @Test
    void aJwksWithoutKeysOrAnErrorIsDown() {
        assertThat(DependencyCheck.jwks(base + "/empty").check().up()).isFalse();
        assertThat(DependencyCheck.jwks(base + "/broken").check().detail()).contains("HTTP 500");
    }

    @Test
    void anEndpointIsUpWhenItAnswersAsExpected() {
        assertThat(DependencyCheck.endpoint("api", base + "/api", s -> s == 401).check().up()).isTrue();
        assertThat(DependencyCheck.endpoint("api", base + "/broken", s -> s == 401).check().up()).isFalse();
    }

    @Test
    void anUnreachableDependencyIsDown() {
        server.stop(0);
        DependencyCheck.Outcome o = DependencyCheck.jwks(base + "/jwks").check();
        assertThat(o.up()).isFalse();
        assertThat(o.detail()).contains("unreachable");
    }
}
