package example.mcpauth.gateway.support;

import example.mcpauth.testsupport.TestHttpServer;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real RFC 7662 introspection endpoint for the tests. It checks the gateway's client
 * credentials (HTTP Basic) and answers per token in any of the formats real servers use:
 * Keycloak's JSON with a {@code jwt} member, Curity's {@code application/jwt} body, RFC 9701
 * {@code application/token-introspection+jwt}, 204, error statuses, or slowly. Counts calls.
 */
public final class IntrospectionServer implements AutoCloseable {
    public static final String PATH = "/introspect";

    /** How the server answers for one token. */
    @FunctionalInterface
    public interface Answer {
        void write(HttpExchange ex) throws IOException;
    }

    public record Call(String authorization, String accept, String contentType, String token, String tokenTypeHint) {}

    private final int port;
    private final String clientId;
    private final String clientSecret;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private TestHttpServer server;

    public IntrospectionServer(int port, String clientId, String clientSecret) {
        this.port = port;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    public String endpoint() {
        return "http://localhost:" + port + PATH;
    }

    public synchronized IntrospectionServer start() {
        server = TestHttpServer.start(port, "introspection-test-server", ex -> {
            if (ex.getRequestURI().getPath().startsWith(PATH)) {
                handle(ex);
            } else {
                try (ex) {
                    send(ex, 404, null, "");
                }
            }
        });
        return this;
    }

    /** Stops listening: the endpoint is then unreachable (connection refused). */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public boolean running() {
        return server != null;
    }

    public void answer(String token, Answer answer) {
        answers.put(token, answer);
    }

    public int calls(String token) {
        AtomicInteger c = counts.get(token);
        return c == null ? 0 : c.get();
    }

    public List<Call> allCalls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = TestHttpServer.form(body);
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String token = form.get("token");
            calls.add(new Call(auth, ex.getRequestHeaders().getFirst("Accept"),
                    ex.getRequestHeaders().getFirst("Content-Type"), token, form.get("token_type_hint")));
            String expected = "Basic " + Base64.getEncoder().encodeToString(
                    (clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
            if (!"POST".equals(ex.getRequestMethod()) || !expected.equals(auth)) {
                send(ex, 401, "application/json", "{\"error\":\"invalid_client\"}");
                return;
            }
            if (token == null) {
                send(ex, 400, "application/json", "{\"error\":\"invalid_request\"}");
                return;
            }
            counts.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
            answers.getOrDefault(token, jsonInactive()).write(ex);
        }
    }

    static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        TestHttpServer.send(ex, status, contentType, body);
    }

    // ---- answers -------------------------------------------------------------------------------

    /** Keycloak: JSON with active true and the JWT in a {@code jwt} member. */
    public static Answer jsonActive(String jwt, long exp) {
        return ex -> send(ex, 200, "application/json",
                "{\"active\":true,\"exp\":" + exp + ",\"scope\":\"stocks/read\",\"client_id\":\"c\",\"jwt\":\"" + jwt + "\"}");
    }

    /** Keycloak without the JWT attribute for the gateway client: active, but nothing to forward. */
    public static Answer jsonActiveWithoutJwt(long exp) {
        return ex -> send(ex, 200, "application/json", "{\"active\":true,\"exp\":" + exp + "}");
    }

    public static Answer jsonInactive() {
        return ex -> send(ex, 200, "application/json", "{\"active\":false}");
    }

    /** Keycloak CVE-2026-18208: inactive, yet with a JWT carrying full claims. */
    public static Answer jsonInactiveWithJwt(String jwt) {
        return ex -> send(ex, 200, "application/json; charset=utf-8", "{\"active\":false,\"jwt\":\"" + jwt + "\"}");
    }

    /** Curity: the body is the JWT (Accept: application/jwt). */
    public static Answer jwtBody(String jwt) {
        return ex -> send(ex, 200, "application/jwt", jwt);
    }

    /** RFC 9701: a signed introspection response; the claims are in token_introspection. */
    public static Answer rfc9701(String responseJwt) {
        return ex -> send(ex, 200, "application/token-introspection+jwt", responseJwt);
    }

    /** Curity's answer for an inactive token when a JWT was asked for. */
    public static Answer noContent() {
        return ex -> send(ex, 204, null, "");
    }

    public static Answer status(int status) {
        return ex -> send(ex, status, "application/json", "{\"error\":\"server_error\"}");
    }

    public static Answer slow(long millis, Answer then) {
        return ex -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            then.write(ex);
        };
    }
}
