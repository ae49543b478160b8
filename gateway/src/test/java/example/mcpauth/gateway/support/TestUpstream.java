package example.mcpauth.gateway.support;

import example.mcpauth.testsupport.TestHttpServer;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for Liberty behind the gateway. Records what arrives (path, every Authorization
 * header). Without Authorization it answers 401 with the WWW-Authenticate headers the test
 * chose, the way the MCP server and the API challenge. {@code /mcp/stream} answers an SSE stream
 * whose second event waits until the test says it has read the first.
 */
public final class TestUpstream implements AutoCloseable {
    public record Received(String method, String path, List<String> authorization, String origin, String traceparent) {}

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile List<String> challenges = List.of("Bearer resource_metadata=\"http://localhost/.well-known/oauth-protected-resource/mcp\"");
    private volatile CountDownLatch streamRelease = new CountDownLatch(1);
    private volatile Boolean streamReleasedByClient;
    private final TestHttpServer server;

    public TestUpstream(int port) {
        server = TestHttpServer.start(port, "test-upstream", this::handle);
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** The WWW-Authenticate header values of the next 401s, in order. */
    public void challenges(List<String> values) {
        this.challenges = List.copyOf(values);
    }

    /** The next request that reached the upstream (waits up to 10 s). */
    public Received next() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        if (r == null) throw new AssertionError("no request reached the upstream within 10 s");
        return r;
    }

    public void clear() {
        received.clear();
    }

    public void releaseStream() {
        streamRelease.countDown();
    }

    /** true when the second event was sent because the client had read the first. */
    public Boolean streamReleasedByClient() {
        return streamReleasedByClient;
    }

    @Override
    public void close() {
        streamRelease.countDown();
        server.close();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            List<String> auth = ex.getRequestHeaders().get("Authorization");
            String path = ex.getRequestURI().getRawPath();
            received.add(new Received(ex.getRequestMethod(), path, auth == null ? List.of() : List.copyOf(auth),
                    ex.getRequestHeaders().getFirst("Origin"), ex.getRequestHeaders().getFirst("traceparent")));
            if (path.equals("/mcp/stream")) {
                stream(ex);
                return;
            }
            if (auth == null) {
                for (String c : challenges) ex.getResponseHeaders().add("WWW-Authenticate", c);
                // an upstream CORS header the gateway must replace, never duplicate
                ex.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
                write(ex, 401, "{\"code\":\"unauthorized\",\"message\":\"from the upstream\"}");
                return;
            }
            ex.getResponseHeaders().add("Mcp-Session-Id", "session-1");
            ex.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
            write(ex, 200, "{\"path\":\"" + path + "\"}");
        }
    }

    private void stream(HttpExchange ex) throws IOException {
        streamRelease = new CountDownLatch(1);
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        out.write("event: message\ndata: first\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        boolean released;
        try {
            released = streamRelease.await(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            released = false;
        }
        streamReleasedByClient = released;
        out.write("event: message\ndata: second\n\n".getBytes(StandardCharsets.UTF_8));
        out.close();
    }

    private static void write(HttpExchange ex, int status, String body) throws IOException {
        TestHttpServer.send(ex, status, "application/json", body);
    }
}
