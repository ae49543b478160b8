package example.mcpauth.gateway;

import example.mcpauth.gateway.support.Gateway;
import example.mcpauth.gateway.support.Stack;
import example.mcpauth.gateway.support.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several Liberty instances (LIBERTY_INSTANCES = 2) behind the gateway: one upstream server per instance,
 * on consecutive ports. What the gateway does when one instance fails:
 * <ul>
 * <li>the connection is refused (the instance is down): the request, POST included, goes to the next
 *     instance and succeeds;</li>
 * <li>the instance takes the request and dies before answering: a POST is never sent again (a
 *     {@code tools/call} may have placed an order), the client gets the gateway's JSON 502; a GET is sent
 *     to the next instance.</li>
 * </ul>
 * The dying instance is a socket that reads the request and closes the connection without a byte of answer.
 */
class UpstreamFailoverTest {
    static final int GATEWAY_POST = 28060;   // admin servers on port + 9
    static final int GATEWAY_GET = 28061;
    static final int GATEWAY_REFUSED = 28062;
    static final int DYING = 28064;          // instance 1 of the first two gateways; instance 2 is DYING + 1
    static final int REFUSED = 28066;        // instance 1 of the third gateway: nothing listens; instance 2 is REFUSED + 1

    static DyingUpstream dying;
    static TestUpstream live;
    static TestUpstream liveAfterRefused;
    static Gateway postGateway;
    static Gateway getGateway;
    static Gateway refusedGateway;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws IOException {
        dying = new DyingUpstream(DYING);
        live = new TestUpstream(DYING + 1);
        liveAfterRefused = new TestUpstream(REFUSED + 1);
        postGateway = Gateway.start("failover-post", GATEWAY_POST, twoInstancesFrom(DYING));
        getGateway = Gateway.start("failover-get", GATEWAY_GET, twoInstancesFrom(DYING));
        refusedGateway = Gateway.start("failover-refused", GATEWAY_REFUSED, twoInstancesFrom(REFUSED));
    }

    static Map<String, String> twoInstancesFrom(int port) {
        return Map.of("LIBERTY_HTTP_PORT", Integer.toString(port), "LIBERTY_INSTANCES", "2");
    }

    @AfterAll
    static void stop() throws IOException {
        for (AutoCloseable c : new AutoCloseable[] {postGateway, getGateway, refusedGateway, live, liveAfterRefused, dying}) {
            try {
                if (c != null) c.close();
            } catch (Exception e) {
                // go on closing the others
            }
        }
    }

    static HttpResponse<String> post(Gateway g) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(g.url("/mcp"))).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(Gateway g) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(g.url("/api/stocks"))).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void assertFromTheLiveInstance(HttpResponse<String> r, TestUpstream upstream, String method, String path)
            throws InterruptedException {
        // no token: the live instance answers with its challenge (TestUpstream)
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.body()).contains("from the upstream");
        TestUpstream.Received received = upstream.next();
        assertThat(received.method()).isEqualTo(method);
        assertThat(received.path()).isEqualTo(path);
    }

    @Test
    void aRefusedConnectionGoesToTheNextInstanceEvenForAPost() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertFromTheLiveInstance(post(refusedGateway), liveAfterRefused, "POST", "/mcp");
        }
        assertThat(Stack.read(refusedGateway.accessLog()))
                .as("the access log names both instances of the call that was passed on")
                .contains("upstream=127.0.0.1:" + REFUSED + ", 127.0.0.1:" + (REFUSED + 1) + " status=502, 401");
    }

    @Test
    void aPostTheDyingInstanceHadIsNotSentAgainAndGetsTheGatewaysJson502() throws Exception {
        live.clear();
        int before = dying.requests.get();
        HttpResponse<String> onDying = null;
        // round robin: within two calls one goes to the dying instance
        for (int i = 0; i < 2 && onDying == null; i++) {
            int seen = dying.requests.get();
            HttpResponse<String> r = post(postGateway);
            if (dying.requests.get() > seen) onDying = r;
            else assertFromTheLiveInstance(r, live, "POST", "/mcp");
        }
        assertThat(onDying).as("a POST reached the dying instance").isNotNull();
        assertThat(dying.requests.get()).isEqualTo(before + 1);
        assertThat(onDying.statusCode()).isEqualTo(502);
        assertThat(onDying.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(onDying.body()).contains("\"code\":\"upstream_unavailable\"").doesNotContain("<html");
        // the POST was not sent to the live instance either: the next thing it records is this marker request
        // (the dying instance is now marked failed in this gateway, so the marker goes to the live one)
        assertFromTheLiveInstance(get(postGateway), live, "GET", "/api/stocks");
    }

    @Test
    void aGetTheDyingInstanceHadIsSentToTheNextInstance() throws Exception {
        live.clear();
        int before = dying.requests.get();
        for (int i = 0; i < 2; i++) {
            assertFromTheLiveInstance(get(getGateway), live, "GET", "/api/stocks");
        }
        assertThat(dying.requests.get()).as("one GET reached the dying instance first, then went on").isEqualTo(before + 1);
    }

    /** Reads each request (head and Content-Length body) and closes the connection without answering. */
    static final class DyingUpstream implements AutoCloseable {
        final AtomicInteger requests = new AtomicInteger();
        private final ServerSocket socket;

        DyingUpstream(int port) throws IOException {
            socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::serve, "dying-upstream");
            t.setDaemon(true);
            t.start();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    if (readRequest(s.getInputStream())) requests.incrementAndGet();
                } catch (IOException e) {
                    // closed
                }
            }
        }

        private static boolean readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                byte[] h = head.toByteArray();
                int n = h.length;
                if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                    String text = head.toString(StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
                    int i = text.indexOf("content-length:");
                    if (i >= 0) {
                        int length = Integer.parseInt(text.substring(i + 15, text.indexOf('\r', i)).trim());
                        in.readNBytes(length);
                    }
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
