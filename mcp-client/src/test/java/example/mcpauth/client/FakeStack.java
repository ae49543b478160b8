package example.mcpauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test servers in the test JVM on ephemeral loopback ports: an MCP server (minimal JSON-RPC over
 * Streamable HTTP, 401 challenge, optional 403 insufficient_scope for tools/call) with its protected-resource
 * metadata, and an authorization server (metadata at a chosen well-known location, DCR, authorize that
 * redirects straight to the redirect URI, token endpoint checking the PKCE verifier and the resource).
 *
 * <p>The MCP server speaks the initialize-based revisions ({@link #servesLegacy}), the stateless 2026-07-28
 * revision ({@link #servesModern}: {@code server/discover}, per-request {@code _meta}, {@code Mcp-Method} /
 * {@code Mcp-Name} checked against the body) or both. A legacy-only server answers a modern request the way
 * {@link #legacyAnswer} says. {@link #authorizationServerOf} makes it name another stack's authorization
 * server (and accept only that server's tokens), as after an authorization-server migration.
 */
public final class FakeStack implements AutoCloseable {

    public enum AsMetadataAt { RFC8414_PATH_INSERTED, OIDC_PATH_INSERTED, OIDC_PATH_APPENDED }

    public enum PrmAt { CHALLENGE_URL, PATH_INSERTED, ROOT }

    /** How a legacy-only server answers a 2026-07-28 request. */
    public enum LegacyAnswer {
        /** the MCP Java SDK's stateful transport: 400, a JSON body that is not JSON-RPC (no session) */
        HTTP_400_NO_SESSION,
        /** a session-less legacy server: 200 with JSON-RPC -32601 (no such method) */
        METHOD_NOT_FOUND
    }

    public static final String MODERN = "2026-07-28";

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer rs;
    private final HttpServer as;

    // ---- resource server behaviour
    public volatile PrmAt prmAt = PrmAt.PATH_INSERTED;
    public volatile boolean resourceMetadataInChallenge = true;
    public volatile String prmResourceOverride;
    public volatile String challengeScope = "mcp:read";
    public volatile List<String> scopesSupported = List.of("mcp:read");
    /** scope tools/call needs (403 insufficient_scope otherwise); null: none */
    public volatile String toolCallScope;
    /** each 403 demands a new scope (step-up that can never succeed) */
    public volatile boolean escalateForever;
    public volatile boolean servesLegacy = true;
    public volatile boolean servesModern;
    /** the stateless versions a modern server accepts */
    public volatile List<String> modernVersions = List.of(MODERN);
    public volatile LegacyAnswer legacyAnswer = LegacyAnswer.HTTP_400_NO_SESSION;
    /** another stack whose authorization server this MCP server names and whose tokens it accepts (null: its own) */
    public volatile FakeStack authorizationServerOf;

    // ---- authorization server behaviour
    public volatile String issuerPath = "";
    public volatile AsMetadataAt asMetadataAt = AsMetadataAt.RFC8414_PATH_INSERTED;
    public volatile List<String> codeChallengeMethods = List.of("S256");
    public volatile String issuerOverride;
    public volatile boolean issParameterSupported;
    public volatile boolean sendIss;
    public volatile String issOverride;
    public volatile String stateOverride;
    public volatile long expiresIn = 3600;
    public volatile boolean issueRefreshTokens = true;
    public volatile boolean cimdSupported;
    public volatile boolean dcrEnabled = true;
    /** scopes_supported of the authorization-server metadata (null: omitted) */
    public volatile List<String> asScopesSupported;
    /** a scope this authorization server never grants (the token's scope omits it); null: grants what is asked */
    public volatile String neverGrants;

    // ---- what happened
    public final List<Map<String, String>> registrations = new CopyOnWriteArrayList<>();
    public final List<Map<String, String>> authorizeRequests = new CopyOnWriteArrayList<>();
    public final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
    public final List<String> asMetadataRequests = new CopyOnWriteArrayList<>();
    public final List<String> prmRequests = new CopyOnWriteArrayList<>();
    public final List<String> mcpMethods = new CopyOnWriteArrayList<>();
    /** every POST to /mcp that got past authorization: method, headers and _meta protocol version, and the era served */
    public final List<Map<String, String>> mcpRequests = new CopyOnWriteArrayList<>();
    public final AtomicInteger unauthorized = new AtomicInteger();
    public final AtomicInteger forbidden = new AtomicInteger();

    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Grant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();
    private final AtomicInteger seq = new AtomicInteger();
    private final AtomicInteger escalation = new AtomicInteger();

    record Grant(String clientId, String scope, String resource, String challenge, String redirectUri, long expiresAt) {
    }

    public FakeStack() throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        rs = HttpServer.create(new InetSocketAddress(lo, 0), 0);
        as = HttpServer.create(new InetSocketAddress(lo, 0), 0);
        rs.createContext("/", this::rsHandle);
        as.createContext("/", this::asHandle);
        rs.start();
        as.start();
    }

    public URI mcpUrl() {
        return URI.create("http://127.0.0.1:" + rs.getAddress().getPort() + "/mcp");
    }

    public String rsOrigin() {
        return "http://127.0.0.1:" + rs.getAddress().getPort();
    }

    public String issuer() {
        return "http://127.0.0.1:" + as.getAddress().getPort() + issuerPath;
    }

    public String prmUrl() {
        return switch (prmAt) {
            case CHALLENGE_URL -> rsOrigin() + "/custom/metadata.json";
            case PATH_INSERTED -> rsOrigin() + "/.well-known/oauth-protected-resource/mcp";
            case ROOT -> rsOrigin() + "/.well-known/oauth-protected-resource";
        };
    }

    /** Makes the server reject every token issued so far (as after a revocation). */
    public void revokeAccessTokens() {
        accessTokens.clear();
    }

    // ------------------------------------------------------------------ resource server

    private void rsHandle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/.well-known/") || path.startsWith("/custom/")) {
                prmRequests.add(path);
                if (!(rsOrigin() + path).equals(prmUrl())) {
                    send(ex, 404, "application/json", "{\"error\":\"not_found\"}");
                    return;
                }
                ObjectNode prm = JSON.createObjectNode();
                String resource = prmResourceOverride != null ? prmResourceOverride
                        : prmAt == PrmAt.ROOT ? rsOrigin() : mcpUrl().toString();
                prm.put("resource", resource);
                prm.putArray("authorization_servers").add(asStack().issuer());
                if (scopesSupported != null) {
                    var arr = prm.putArray("scopes_supported");
                    scopesSupported.forEach(arr::add);
                }
                send(ex, 200, "application/json", prm.toString());
                return;
            }
            if (!path.equals("/mcp")) {
                send(ex, 404, "text/plain", "not found");
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                send(ex, ex.getRequestMethod().equals("DELETE") ? 200 : 405, "text/plain", "");
                return;
            }
            JsonNode req = JSON.readTree(ex.getRequestBody());
            String method = req.path("method").asText();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            Grant g = auth != null && auth.startsWith("Bearer ") ? asStack().accessTokens.get(auth.substring(7)) : null;
            if (g == null || g.expiresAt() < System.currentTimeMillis() / 1000 || !mcpUrl().toString().startsWith(g.resource())) {
                unauthorized.incrementAndGet();
                StringBuilder h = new StringBuilder("Bearer realm=\"mcp\"");
                if (auth != null) {
                    h.append(", error=\"invalid_token\", error_description=\"The token is invalid, expired, or revoked\"");
                }
                if (resourceMetadataInChallenge || prmAt == PrmAt.CHALLENGE_URL) {
                    h.append(", resource_metadata=\"").append(prmUrl()).append('"');
                }
                if (challengeScope != null) {
                    h.append(", scope=\"").append(challengeScope).append('"');
                }
                ex.getResponseHeaders().add("WWW-Authenticate", h.toString());
                send(ex, 401, "application/json", "{\"code\":\"unauthorized\",\"message\":\"sign in\"}");
                return;
            }
            if (method.equals("tools/call") && toolCallScope != null) {
                String needed = escalateForever ? "mcp:level" + escalation.incrementAndGet() : toolCallScope;
                Set<String> have = new LinkedHashSet<>(List.of(g.scope() == null ? new String[0] : g.scope().split(" ")));
                if (escalateForever || !have.containsAll(List.of(needed.split(" ")))) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + needed
                            + "\", resource_metadata=\"" + prmUrl() + "\", error_description=\"needs " + needed + "\"");
                    forbidden.incrementAndGet();
                    send(ex, 403, "application/json", "{\"code\":\"insufficient_scope\",\"message\":\"more scope\"}");
                    return;
                }
            }
            String headerVersion = ex.getRequestHeaders().getFirst("MCP-Protocol-Version");
            String metaVersion = req.path("params").path("_meta").path("io.modelcontextprotocol/protocolVersion").asText(null);
            boolean modernRequest = !method.equals("initialize") && metaVersion != null;
            Map<String, String> seen = new HashMap<>();
            seen.put("method", method);
            seen.put("MCP-Protocol-Version", headerVersion);
            seen.put("Mcp-Method", ex.getRequestHeaders().getFirst("Mcp-Method"));
            seen.put("Mcp-Name", ex.getRequestHeaders().getFirst("Mcp-Name"));
            seen.put("Mcp-Session-Id", ex.getRequestHeaders().getFirst("Mcp-Session-Id"));
            seen.put("_meta.protocolVersion", metaVersion);
            seen.put("era", modernRequest ? (servesModern ? "modern" : "refused") : (servesLegacy ? "legacy" : "refused"));
            mcpRequests.add(seen);
            if (modernRequest && !servesModern) {
                if (legacyAnswer == LegacyAnswer.HTTP_400_NO_SESSION) {
                    send(ex, 400, "application/json", "{\"message\":\"Session ID required in mcp-session-id header\"}");
                } else {
                    send(ex, 200, "application/json", rpcError(req.get("id"), -32601, "Method not found: " + method, null));
                }
                return;
            }
            if (!modernRequest && !servesLegacy) {
                send(ex, 400, "application/json", rpcError(req.get("id"), -32022, "Unsupported protocol version",
                        JSON.createObjectNode().<ObjectNode>set("supported", JSON.valueToTree(modernVersions))));
                return;
            }
            if (modernRequest) {
                modern(ex, req, method, headerVersion, metaVersion);
                return;
            }
            mcpMethods.add(method);
            if (!req.has("id")) {
                send(ex, 202, "text/plain", "");
                return;
            }
            ObjectNode resp = JSON.createObjectNode().put("jsonrpc", "2.0");
            resp.set("id", req.get("id"));
            ObjectNode result = resp.putObject("result");
            switch (method) {
                case "initialize" -> {
                    result.put("protocolVersion", req.path("params").path("protocolVersion").asText("2025-11-25"));
                    result.putObject("capabilities").putObject("tools");
                    result.putObject("serverInfo").put("name", "fake-mcp").put("version", "1.0");
                }
                case "tools/list" -> {
                    ObjectNode tool = result.putArray("tools").addObject().put("name", "echo").put("description", "echoes");
                    tool.putObject("inputSchema").put("type", "object");
                }
                case "tools/call" -> {
                    result.putArray("content").addObject().put("type", "text")
                            .put("text", "echo " + req.path("params").path("arguments").toString());
                    result.put("isError", false);
                }
                default -> {
                    resp.remove("result");
                    resp.putObject("error").put("code", -32601).put("message", "no such method");
                }
            }
            send(ex, 200, "application/json", resp.toString());
        }
    }

    /** A 2026-07-28 request (SEP-2575 / SEP-2243): headers must match the body; no initialize, no session. */
    private void modern(HttpExchange ex, JsonNode req, String method, String headerVersion, String metaVersion) throws IOException {
        JsonNode id = req.get("id");
        JsonNode params = req.path("params");
        String name = params.path("name").asText(null);
        if (headerVersion == null || !headerVersion.equals(metaVersion)
                || !method.equals(ex.getRequestHeaders().getFirst("Mcp-Method"))
                || (method.equals("tools/call") && (name == null || !name.equals(ex.getRequestHeaders().getFirst("Mcp-Name"))))
                || params.path("_meta").path("io.modelcontextprotocol/clientCapabilities").isMissingNode()) {
            send(ex, 400, "application/json", rpcError(id, -32020, "Header mismatch", null));
            return;
        }
        if (!modernVersions.contains(headerVersion)) {
            List<String> supported = new ArrayList<>(modernVersions);
            if (servesLegacy) {
                supported.add("2025-11-25");
            }
            send(ex, 400, "application/json", rpcError(id, -32022, "Unsupported protocol version",
                    JSON.createObjectNode().put("requested", headerVersion).<ObjectNode>set("supported", JSON.valueToTree(supported))));
            return;
        }
        mcpMethods.add(method);
        ObjectNode resp = JSON.createObjectNode().put("jsonrpc", "2.0");
        resp.set("id", id);
        ObjectNode result = resp.putObject("result").put("resultType", "complete");
        switch (method) {
            case "server/discover" -> {
                result.set("supportedVersions", JSON.valueToTree(modernVersions));
                result.putObject("capabilities").putObject("tools");
                result.put("ttlMs", 0).put("cacheScope", "private");
                result.putObject("_meta").putObject("io.modelcontextprotocol/serverInfo").put("name", "fake-mcp").put("version", "1.0");
            }
            case "tools/list" -> {
                ObjectNode tool = result.putArray("tools").addObject().put("name", "echo").put("description", "echoes");
                tool.putObject("inputSchema").put("type", "object");
                result.put("ttlMs", 0).put("cacheScope", "private");
            }
            case "tools/call" -> result.putArray("content").addObject().put("type", "text")
                    .put("text", "echo " + params.path("arguments").toString());
            default -> {
                send(ex, 404, "application/json", rpcError(id, -32601, "Method not found: " + method, null));
                return;
            }
        }
        send(ex, 200, "application/json", resp.toString());
    }

    private static String rpcError(JsonNode id, int code, String message, JsonNode data) {
        ObjectNode resp = JSON.createObjectNode().put("jsonrpc", "2.0");
        resp.set("id", id);
        ObjectNode error = resp.putObject("error").put("code", code).put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        return resp.toString();
    }

    private FakeStack asStack() {
        FakeStack other = authorizationServerOf;
        return other != null ? other : this;
    }

    // ------------------------------------------------------------------ authorization server

    private String metadataPath() {
        return switch (asMetadataAt) {
            case RFC8414_PATH_INSERTED -> "/.well-known/oauth-authorization-server" + issuerPath;
            case OIDC_PATH_INSERTED -> "/.well-known/openid-configuration" + issuerPath;
            case OIDC_PATH_APPENDED -> issuerPath + "/.well-known/openid-configuration";
        };
    }

    private void asHandle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String base = "http://127.0.0.1:" + as.getAddress().getPort();
            if (path.contains("/.well-known/")) {
                asMetadataRequests.add(path);
                if (!path.equals(metadataPath())) {
                    send(ex, 404, "application/json", "{}");
                    return;
                }
                ObjectNode md = JSON.createObjectNode();
                md.put("issuer", issuerOverride != null ? issuerOverride : issuer());
                md.put("authorization_endpoint", base + "/authorize");
                md.put("token_endpoint", base + "/token");
                if (dcrEnabled) {
                    md.put("registration_endpoint", base + "/register");
                }
                md.putArray("response_types_supported").add("code");
                if (codeChallengeMethods != null) {
                    var arr = md.putArray("code_challenge_methods_supported");
                    codeChallengeMethods.forEach(arr::add);
                }
                md.putArray("token_endpoint_auth_methods_supported").add("none").add("client_secret_basic");
                if (issParameterSupported) {
                    md.put("authorization_response_iss_parameter_supported", true);
                }
                if (cimdSupported) {
                    md.put("client_id_metadata_document_supported", true);
                }
                if (asScopesSupported != null) {
                    md.set("scopes_supported", JSON.valueToTree(asScopesSupported));
                }
                send(ex, 200, "application/json", md.toString());
                return;
            }
            switch (path) {
                case "/register" -> {
                    JsonNode body = JSON.readTree(ex.getRequestBody());
                    Map<String, String> r = new HashMap<>();
                    body.fields().forEachRemaining(e -> r.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
                    registrations.add(r);
                    ObjectNode out = ((ObjectNode) body.deepCopy()).put("client_id", "dcr-client-" + as.getAddress().getPort() + "-" + registrations.size());
                    send(ex, 201, "application/json", out.toString());
                }
                case "/authorize" -> {
                    Map<String, String> q = single(URLUtils.parseParameters(ex.getRequestURI().getRawQuery()));
                    authorizeRequests.add(q);
                    String code = "code-" + seq.incrementAndGet();
                    codes.put(code, new Grant(q.get("client_id"), q.get("scope"), q.get("resource"), q.get("code_challenge"),
                            q.get("redirect_uri"), 0));
                    StringBuilder loc = new StringBuilder(q.get("redirect_uri")).append("?code=").append(code)
                            .append("&state=").append(java.net.URLEncoder.encode(stateOverride != null ? stateOverride : q.get("state"), StandardCharsets.UTF_8));
                    if (sendIss || issOverride != null) {
                        loc.append("&iss=").append(java.net.URLEncoder.encode(issOverride != null ? issOverride : issuer(), StandardCharsets.UTF_8));
                    }
                    ex.getResponseHeaders().add("Location", loc.toString());
                    send(ex, 302, "text/plain", "");
                }
                case "/token" -> {
                    Map<String, String> f = single(URLUtils.parseParameters(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                    tokenRequests.add(f);
                    Grant g;
                    if ("authorization_code".equals(f.get("grant_type"))) {
                        g = codes.remove(f.get("code"));
                        if (g == null || f.get("code_verifier") == null || !g.challenge().equals(s256(f.get("code_verifier")))
                                || !g.redirectUri().equals(f.get("redirect_uri")) || !g.resource().equals(f.get("resource"))) {
                            send(ex, 400, "application/json", "{\"error\":\"invalid_grant\",\"error_description\":\"code, PKCE verifier, redirect_uri or resource wrong\"}");
                            return;
                        }
                    } else if ("refresh_token".equals(f.get("grant_type"))) {
                        g = refreshTokens.get(f.get("refresh_token"));
                        if (g == null || !g.resource().equals(f.get("resource"))) {
                            send(ex, 400, "application/json", "{\"error\":\"invalid_grant\"}");
                            return;
                        }
                    } else {
                        send(ex, 400, "application/json", "{\"error\":\"unsupported_grant_type\"}");
                        return;
                    }
                    String at = "at-" + seq.incrementAndGet();
                    String scope = g.scope();
                    if (scope != null && neverGrants != null) {
                        scope = String.join(" ", List.of(scope.split(" ")).stream().filter(x -> !x.equals(neverGrants)).toList());
                    }
                    Grant issued = new Grant(g.clientId(), scope, g.resource(), null, null, System.currentTimeMillis() / 1000 + expiresIn);
                    accessTokens.put(at, issued);
                    ObjectNode out = JSON.createObjectNode().put("access_token", at).put("token_type", "Bearer").put("expires_in", expiresIn);
                    if (issued.scope() != null) {
                        out.put("scope", issued.scope());
                    }
                    if (issueRefreshTokens) {
                        String rt = "rt-" + seq.incrementAndGet();
                        refreshTokens.put(rt, issued);
                        out.put("refresh_token", rt);
                    }
                    send(ex, 200, "application/json", out.toString());
                }
                default -> send(ex, 404, "text/plain", "not found");
            }
        }
    }

    private static Map<String, String> single(Map<String, List<String>> m) {
        Map<String, String> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v.isEmpty() ? null : v.get(0)));
        return Collections.unmodifiableMap(out);
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
    }

    public List<String> tokenGrantTypes() {
        List<String> out = new ArrayList<>();
        tokenRequests.forEach(r -> out.add(r.get("grant_type")));
        return out;
    }

    @Override
    public void close() {
        rs.stop(0);
        as.stop(0);
    }
}
