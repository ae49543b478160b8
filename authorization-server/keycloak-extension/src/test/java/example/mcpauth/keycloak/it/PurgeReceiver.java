package example.mcpauth.keycloak.it;

import example.mcpauth.testsupport.Http;
import example.mcpauth.testsupport.Inbox;
import example.mcpauth.testsupport.Stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for the gateway's purge endpoint at GATEWAY_PURGE_URL's host and port: records every
 * request (any path) and answers 200 {"purged":0}, or the status set with {@link #answer(int)}.
 */
final class PurgeReceiver implements AutoCloseable {

    /** One request as received. */
    record Request(String method, String path, String authorization, String contentType, String body) {
        JsonNode json() {
            try {
                return Http.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("the purge body is not JSON: " + body, e);
            }
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private volatile int status = 200;

    PurgeReceiver() {
        URI url = URI.create(Stack.get("GATEWAY_PURGE_URL"));
        try {
            server = HttpServer.create(new InetSocketAddress(url.getHost(), url.getPort()), 16);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + url.getHost() + ":" + url.getPort() + " (GATEWAY_PURGE_URL)", e);
        }
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            synchronized (requests) {
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body));
            }
            int answer = status;
            byte[] out = (answer == 200 ? "{\"purged\":0}" : "{\"error\":\"unauthorized\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
    }

    void answer(int statusCode) {
        this.status = statusCode;
    }

    void clear() {
        synchronized (requests) {
            requests.clear();
        }
    }

    List<Request> all() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    /** Waits (up to 20 s) for a request whose JSON body has this sub and matches; fails with all requests seen. */
    Request await(String sub, Predicate<JsonNode> bodyMatches) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            Optional<Request> match = all().stream().filter(r -> {
                JsonNode body = r.json();
                return sub.equals(body.path("sub").asText()) && bodyMatches.test(body);
            }).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no purge request for sub " + sub + " arrived within 20 s; received: " + all());
            }
            Inbox.sleep(100);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
