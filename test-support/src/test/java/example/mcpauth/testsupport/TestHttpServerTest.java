package example.mcpauth.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TestHttpServerTest {

    @Test
    void formDecodesLikeAServerDoes() {
        assertThat(TestHttpServer.form("a=1&b=x%20y+z&flag&a=2&&c=%26%3D")).containsExactly(
                Map.entry("a", "1"), Map.entry("b", "x y z"), Map.entry("flag", ""), Map.entry("c", "&="));
        assertThat(TestHttpServer.form(null)).isEmpty();
        assertThat(TestHttpServer.form("")).isEmpty();
    }

    @Test
    void servesEveryPathWithOneHandlerUntilClosed() {
        Http http = new Http();
        String base;
        try (TestHttpServer server = TestHttpServer.start(0, "t", ex -> {
            String path = ex.getRequestURI().getPath();
            TestHttpServer.send(ex, path.equals("/empty") ? 204 : 200, path.equals("/empty") ? null : "text/plain", "at " + path);
        })) {
            base = server.baseUrl();
            assertThat(server.port()).isPositive();
            HttpResponse<String> r = http.get(base + "/a/b?q=1");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("at /a/b");
            assertThat(r.headers().firstValue("Content-Type")).contains("text/plain");
            HttpResponse<String> empty = http.get(base + "/empty");
            assertThat(empty.statusCode()).isEqualTo(204);
            assertThat(empty.body()).isEmpty();
        }
        assertThatThrownBy(() -> http.get(base + "/a")).isInstanceOf(IllegalStateException.class);
    }
}
