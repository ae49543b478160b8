package example.mcpauth.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP proxy of the conformance tests ({@link ServerConformance}): the suite's runner has no
 * option for an Authorization header, so every request it sends here goes on to the MCP endpoint with {@code Authorization: Bearer
 * <token>} added (any Authorization it sent is replaced). The proxy's own authority stands for the MCP
 * server's: a Host or Origin naming the proxy is rewritten to the server's; any other Host or Origin (the
 * DNS-rebinding scenario's evil ones) goes on unchanged. Responses, SSE included, stream back as they come.
 * Needs {@code -Djdk.httpclient.allowRestrictedHeaders=host} (the modules' failsafe configuration sets it).
 */
public final class TokenAddingProxy implements AutoCloseable {

    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "authorization",
            "transfer-encoding", "upgrade", "keep-alive", "expect", "te", "trailer", "proxy-connection");

    private final URI target;
    private final String token;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Starts the proxy on a free loopback port, in front of the MCP endpoint {@code target}. */
    public TokenAddingProxy(URI target, String token) throws IOException {
        this.target = target;
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::forward);
        server.setExecutor(executor);
        server.start();
    }

    /** The URL the runner is given: the target's path on the proxy. */
    public String url() {
        return "http://" + authority() + target.getRawPath();
    }

    private String authority() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void forward(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            HttpRequest.Builder out = HttpRequest.newBuilder(target.resolve(ex.getRequestURI().getRawPath()))
                    .timeout(Duration.ofSeconds(60))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!NOT_FORWARDED.contains(lower)) {
                    values.forEach(v -> out.header(name, "origin".equals(lower) ? origin(v) : v));
                }
            });
            String host = ex.getRequestHeaders().getFirst("Host");
            if (host != null && !host.equalsIgnoreCase(authority())) {
                out.header("Host", host);
            }
            out.header("Authorization", "Bearer " + token);
            HttpResponse<InputStream> response;
            try {
                response = client.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.sendResponseHeaders(502, -1);
                return;
            }
            response.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.startsWith(":") && !NOT_FORWARDED.contains(lower)) {
                    ex.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            boolean empty = response.statusCode() == 202 || response.statusCode() == 204
                    || response.headers().firstValueAsLong("Content-Length").orElse(-1) == 0;
            ex.sendResponseHeaders(response.statusCode(), empty ? -1 : 0);
            try (InputStream in = response.body(); OutputStream os = ex.getResponseBody()) {
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    os.write(buffer, 0, n);
                    os.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            // the runner may drop a stream it has read enough of
        }
    }

    /** The proxy's own origin stands for the server's. */
    private String origin(String value) {
        return value.equalsIgnoreCase("http://" + authority()) ? target.getScheme() + "://" + target.getRawAuthority() : value;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
