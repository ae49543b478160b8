package example.mcpauth.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Guards the MCP endpoint, in this order: Origin (403), CORS preflight, bearer token (401 with an RFC 9728
 * challenge), scope (403 insufficient_scope), method (405), MCP-Protocol-Version (400), body size (413),
 * JSON syntax (400). Liberty's MP JWT has already validated any bearer token (signature, issuer, audience
 * = mcp.resource, expiry); this filter only reads the outcome and answers with its own challenge, so
 * Liberty's bare "Bearer realm=MP-JWT" never reaches a client. Every error body is JSON.
 */
public class McpEndpointFilter implements Filter {

    private static final Logger LOG = Logger.getLogger(McpEndpointFilter.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ALLOW = "POST, OPTIONS";

    private final McpRequestChecks checks;
    private final BearerChallenge challenge;
    private final String scope;
    private final String audience;
    private final int maxRequestBytes;

    public McpEndpointFilter(McpRequestChecks checks, BearerChallenge challenge, String scope, String audience,
            int maxRequestBytes) {
        this.checks = checks;
        this.challenge = challenge;
        this.scope = scope;
        this.audience = audience;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String origin = request.getHeader("Origin");

        if (!checks.originAllowed(origin)) {
            fail(response, null, 403, jsonRpcError(-32000, "Origin " + origin
                    + " is not allowed to use this MCP server. Use an allowed client origin (setting ALLOWED_ORIGINS)."));
            return;
        }
        if ("OPTIONS".equals(request.getMethod())) {
            response.reset();
            cors(response, origin);
            response.setHeader("Access-Control-Allow-Methods", ALLOW);
            response.setHeader("Access-Control-Allow-Headers",
                    "Authorization, Content-Type, Accept, MCP-Protocol-Version, Mcp-Session-Id, Last-Event-ID");
            response.setHeader("Access-Control-Max-Age", "600");
            response.setHeader("Allow", ALLOW);
            response.setStatus(204);
            return;
        }

        Principal principal = request.getUserPrincipal();
        if (!(principal instanceof JsonWebToken jwt) || !audienceMatches(jwt)) {
            boolean presented = bearerPresented(request);
            if (presented) {
                LOG.fine("MCP request with an invalid bearer token refused");
            }
            response401(response, origin, presented);
            return;
        }
        if (!scopes(jwt).contains(scope)) {
            fail(response, origin, 403, authError("insufficient_scope", challenge.insufficientScopeDescription()),
                    "WWW-Authenticate", challenge.insufficientScope());
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            fail(response, origin, 405, jsonRpcError(-32000, "Method " + request.getMethod()
                    + " is not allowed: this stateless MCP endpoint takes JSON-RPC messages by POST only (no SSE stream, no session to delete)."),
                    "Allow", ALLOW);
            return;
        }
        String version = request.getHeader("MCP-Protocol-Version");
        if (!McpRequestChecks.protocolVersionSupported(version)) {
            fail(response, origin, 400, jsonRpcError(-32600, "Unsupported MCP-Protocol-Version " + version
                    + ": this server supports " + String.join(", ", McpRequestChecks.SUPPORTED_VERSIONS) + "."));
            return;
        }
        if (request.getContentLengthLong() > maxRequestBytes) {
            fail(response, origin, 413, tooLarge());
            return;
        }
        byte[] body = readBounded(request.getInputStream(), maxRequestBytes);
        if (body == null) {
            fail(response, origin, 413, tooLarge());
            return;
        }
        JsonNode message;
        try {
            message = JSON.readTree(body);
        } catch (IOException e) {
            message = null;
        }
        if (message == null || !(message.isObject() || message.isArray())) {
            fail(response, origin, 400, jsonRpcError(-32700, "Parse error: the request body is not a JSON-RPC message."));
            return;
        }
        if (message.isObject() && "tools/call".equals(message.path("method").asText())) {
            JsonNode arguments = message.path("params").path("arguments");
            if (!message.path("params").isObject() || !message.path("params").path("name").isTextual()
                    || !(arguments.isMissingNode() || arguments.isNull() || arguments.isObject())) {
                ObjectNode error = jsonRpcError(-32602,
                        "Invalid params: tools/call needs params.name (a string) and params.arguments (an object).");
                error.set("id", message.path("id").isMissingNode() ? null : message.get("id"));
                fail(response, origin, 200, error);
                return;
            }
        }
        cors(response, origin);
        chain.doFilter(new CachedBodyRequest(request, body), new JsonErrorResponse(response));
    }

    private boolean audienceMatches(JsonWebToken jwt) {
        Set<String> aud = jwt.getAudience();
        return aud != null && aud.contains(audience);
    }

    static Set<String> scopes(JsonWebToken jwt) {
        Object claim = jwt.getClaim("scope");
        if (claim == null) {
            claim = jwt.getClaim("scp");
        }
        if (claim == null) {
            return Set.of();
        }
        if (claim instanceof Collection<?> c) {
            return c.stream().map(o -> String.valueOf(o).replace("\"", "")).collect(java.util.stream.Collectors.toSet());
        }
        if (claim instanceof jakarta.json.JsonArray array) {
            return array.stream().map(v -> v instanceof jakarta.json.JsonString s ? s.getString() : v.toString())
                    .collect(java.util.stream.Collectors.toSet());
        }
        String text = claim instanceof jakarta.json.JsonString s ? s.getString() : claim.toString();
        return Set.copyOf(Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).distinct().toList());
    }

    private static boolean bearerPresented(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && !authorization.isBlank();
    }

    private void response401(HttpServletResponse response, String origin, boolean presented) throws IOException {
        if (presented) {
            fail(response, origin, 401, authError("invalid_token", BearerChallenge.INVALID_TOKEN_DESCRIPTION),
                    "WWW-Authenticate", challenge.invalidToken());
        } else {
            fail(response, origin, 401, authError("unauthorized", BearerChallenge.MISSING_TOKEN_DESCRIPTION),
                    "WWW-Authenticate", challenge.missingToken());
        }
    }

    private ObjectNode tooLarge() {
        return jsonRpcError(-32600, "Request body larger than " + maxRequestBytes + " bytes: send a smaller JSON-RPC message.");
    }

    /** Clears whatever the container set (e.g. Liberty's own 401 and challenge) and writes a JSON error. */
    private static void fail(HttpServletResponse response, String origin, int status, ObjectNode body,
            String... headers) throws IOException {
        if (!response.isCommitted()) {
            response.reset();
        }
        cors(response, origin);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            response.setHeader(headers[i], headers[i + 1]);
        }
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static void cors(HttpServletResponse response, String origin) {
        if (origin != null && !origin.isBlank()) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Vary", "Origin");
            response.setHeader("Access-Control-Expose-Headers", "WWW-Authenticate, Mcp-Session-Id, MCP-Protocol-Version");
        }
    }

    static ObjectNode authError(String code, String message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("code", code);
        node.put("message", message);
        return node;
    }

    static ObjectNode jsonRpcError(int code, String message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("jsonrpc", "2.0");
        node.putNull("id");
        ObjectNode error = node.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return node;
    }

    /** Reads at most max bytes; null when the body is larger. */
    static byte[] readBounded(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max + 1);
        return bytes.length > max ? null : bytes;
    }

    /** Gives the already-read body to the SDK's servlet. */
    static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override public int read() { return in.read(); }
                @Override public int read(byte[] b, int off, int len) { return in.read(b, off, len); }
                @Override public boolean isFinished() { return in.available() == 0; }
                @Override public boolean isReady() { return true; }
                @Override public void setReadListener(ReadListener listener) { throw new IllegalStateException("blocking only"); }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() { return body.length; }

        @Override
        public long getContentLengthLong() { return body.length; }
    }

    /** Turns the SDK's sendError(...) calls (HTML error pages) into JSON-RPC error bodies. */
    static final class JsonErrorResponse extends HttpServletResponseWrapper {
        JsonErrorResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int sc) throws IOException {
            sendError(sc, null);
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            HttpServletResponse response = (HttpServletResponse) getResponse();
            if (response.isCommitted()) {
                return;
            }
            String message = switch (sc) {
                case 413 -> "Request body too large: send a smaller JSON-RPC message.";
                case 405 -> "Method not allowed: this stateless MCP endpoint takes POST only.";
                case 403 -> "Forbidden" + (msg == null ? "" : ": " + msg);
                case 503 -> "The MCP server is shutting down: try again in a moment.";
                default -> msg == null || msg.isBlank() ? "HTTP " + sc : msg;
            };
            response.resetBuffer();
            response.setStatus(sc);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            byte[] bytes = JSON.writeValueAsBytes(jsonRpcError(sc == 400 ? -32600 : -32000, message));
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }
}
