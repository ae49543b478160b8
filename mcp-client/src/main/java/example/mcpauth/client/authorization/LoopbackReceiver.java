package example.mcpauth.client.authorization;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import example.mcpauth.client.McpAuthException;
import example.mcpauth.client.McpAuthException.Kind;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The loopback redirect listener (RFC 8252 §7.3): 127.0.0.1, a free port (or a configured one), path
 * {@code /callback}. It checks the callback before accepting it: {@code state} must match; {@code iss}
 * (RFC 9207) must equal the issuer when present, and must be present when the server advertised
 * {@code authorization_response_iss_parameter_supported}. A refused callback ends the sign-in, and the
 * browser shows a page that says why.
 */
public final class LoopbackReceiver implements AutoCloseable {

    public static final String PATH = "/callback";

    /** The accepted callback. */
    public record Callback(String code, String state, String iss) {
    }

    private final HttpServer server;
    private final CompletableFuture<Callback> result = new CompletableFuture<>();
    private volatile String expectedState;
    private volatile String expectedIssuer;
    private volatile boolean issRequired;

    private LoopbackReceiver(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Listens on 127.0.0.1:port. With {@code fallbackToFree}, a taken port falls back to a free one; port 0
     * always means a free one.
     */
    public static LoopbackReceiver start(int port, boolean fallbackToFree) {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try {
            return new LoopbackReceiver(HttpServer.create(new InetSocketAddress(lo, port), 0));
        } catch (BindException e) {
            if (fallbackToFree && port != 0) {
                return start(0, false);
            }
            throw new McpAuthException(Kind.AUTHORIZATION, "Cannot listen for the sign-in callback on 127.0.0.1:" + port
                    + ": the port is taken.", "Free the port or choose another with --callback-port (0 = any free port).", e);
        } catch (IOException e) {
            throw new McpAuthException(Kind.AUTHORIZATION, "Cannot listen for the sign-in callback on 127.0.0.1:" + port
                    + ": " + e.getMessage(), "Choose another port with --callback-port.", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI redirectUri() {
        return URI.create("http://127.0.0.1:" + port() + PATH);
    }

    /** Sets what the callback must carry. */
    public void expect(String state, String issuer, boolean issRequired) {
        this.expectedState = state;
        this.expectedIssuer = issuer;
        this.issRequired = issRequired;
    }

    public Callback await(Duration timeout) {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new McpAuthException(Kind.AUTHORIZATION, "No sign-in response arrived within " + timeout.toSeconds()
                    + " s.", "Open the printed URL in a browser and finish signing in, or raise --timeout.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof McpAuthException m) {
                throw m;
            }
            throw new McpAuthException(Kind.AUTHORIZATION, "The sign-in failed: " + e.getCause(), "Try again.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpAuthException(Kind.AUTHORIZATION, "Interrupted while waiting for the sign-in.", "Try again.");
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!PATH.equals(ex.getRequestURI().getPath()) || !"GET".equals(ex.getRequestMethod())) {
                page(ex, 404, "Not found", "This address only receives the sign-in response.");
                return;
            }
            if (result.isDone()) {
                page(ex, 409, "Already handled", "This sign-in has already been handled. You can close this window.");
                return;
            }
            Map<String, String> p = new HashMap<>();
            Map<String, List<String>> parsed = URLUtils.parseParameters(ex.getRequestURI().getRawQuery());
            parsed.forEach((k, v) -> p.put(k, v.isEmpty() ? null : v.get(0)));
            String state = p.get("state");
            String iss = p.get("iss");
            if (expectedState == null || !expectedState.equals(state)) {
                fail(ex, "The sign-in response does not belong to the sign-in this program started (state mismatch); it was refused.",
                        "Start the sign-in again from the program. If you did not start it, someone may be trying to trick you.");
                return;
            }
            if (iss != null && !iss.equals(expectedIssuer)) {
                fail(ex, "The sign-in response came from the issuer " + iss + ", not from " + expectedIssuer
                        + " (RFC 9207 iss mismatch); it was refused.",
                        "Start the sign-in again; if it repeats, the authorization server setup is wrong or being attacked.");
                return;
            }
            if (iss == null && issRequired) {
                fail(ex, "The sign-in response carries no iss parameter although the authorization server " + expectedIssuer
                        + " promises one (RFC 9207); it was refused.", "Start the sign-in again; report this to the server's operator if it repeats.");
                return;
            }
            if (p.get("error") != null) {
                String desc = p.get("error_description");
                fail(ex, "The authorization server did not grant access: " + p.get("error") + (desc != null ? " (" + desc + ")" : ""),
                        "access_denied".equals(p.get("error")) ? "Sign in again and approve the request." : "Try again; if it repeats, ask the server's operator.");
                return;
            }
            String code = p.get("code");
            if (code == null || code.isBlank()) {
                fail(ex, "The sign-in response carries no authorization code.", "Start the sign-in again.");
                return;
            }
            page(ex, 200, "Signed in", "You are signed in. You can close this window and return to the program.");
            result.complete(new Callback(code, state, iss));
        }
    }

    private void fail(HttpExchange ex, String message, String hint) throws IOException {
        page(ex, 400, "Sign-in refused", message + " " + hint);
        result.completeExceptionally(new McpAuthException(Kind.AUTHORIZATION, message, hint));
    }

    private static void page(HttpExchange ex, int status, String title, String text) throws IOException {
        String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title></head>"
                + "<body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\"><h1>" + esc(title) + "</h1><p>"
                + esc(text) + "</p></body></html>";
        byte[] b = html.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
