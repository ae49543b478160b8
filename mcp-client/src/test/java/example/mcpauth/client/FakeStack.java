package example.mcpauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import example.mcpauth.testsupport.FakeAuthorizationServer;
import example.mcpauth.testsupport.FakeAuthorizationServer.MetadataLocation;
import example.mcpauth.testsupport.FakeAuthorizationServer.TokenRequest;
import example.mcpauth.testsupport.FakeAuthorizationServer.TokenResponse;
import example.mcpauth.testsupport.Pkce;
import example.mcpauth.testsupport.TestHttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * metadata, and an authorization server, test-support's {@link FakeAuthorizationServer} with what an MCP
 * client meets (metadata at a chosen well-known location, DCR, authorize that redirects straight to the
 * redirect URI, opaque tokens from a token endpoint checking the PKCE verifier and the resource).
 *
 * <p>The MCP server speaks the initialize-based revisions ({@link #servesLegacy}), the stateless 2026-07-28
 * revision ({@link #servesModern}: {@code server/discover}, per-request {@code _meta}, {@code Mcp-Method} /
 * {@code Mcp-Name} checked against the body) or both. A legacy-only server answers a modern request the way
 * {@link #legacyAnswer} says. {@link #authorizationServerOf} makes it name another stack's authorization
 * server (and accept only that server's tokens), as after an authorization-server migration.
 */
public final class FakeStack implements AutoCloseable {

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

    private final TestHttpServer rs;
    private final FakeAuthorizationServer as;

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

    // ---- authorization server behaviour (its issuer path and metadata location: issuerPath(), asMetadataAt())
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

    public FakeStack() {
        rs = TestHttpServer.start(0, "fake-mcp-server", this::rsHandle);
        as = FakeAuthorizationServer.builder().start()
                .metadataLocations(MetadataLocation.RFC8414_PATH_INSERTED)
                .onMetadataRequest(this::metadata)
                .route("/register", this::register)
                .route("/authorize", this::authorize)
                .grant("authorization_code", this::codeGrant)
                .grant("refresh_token", this::refreshGrant);
    }

    public URI mcpUrl() {
        return URI.create(rs.baseUrl() + "/mcp");
    }

    public String rsOrigin() {
        return rs.baseUrl();
    }

    public String issuer() {
        return as.issuer();
    }

    /** The authorization server's issuer is {@code http://127.0.0.1:<port>} + this path ("" at first). */
    public void issuerPath(String path) {
        as.issuerPath(path);
    }

    /** The one place the authorization server serves its metadata (RFC 8414 path-inserted at first). */
    public void asMetadataAt(MetadataLocation at) {
        as.metadataLocations(at);
    }

    /** The paths of the well-known documents asked of the authorization server, in order (found or not). */
    public List<String> asMetadataRequests() {
        return as.requests().stream().map(FakeAuthorizationServer.Request::path).filter(p -> p.contains("/.well-known/")).toList();
    }

    /** The form of every token request, in order. */
    public List<Map<String, String>> tokenRequests() {
        return as.tokenRequests().stream().map(TokenRequest::form).toList();
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
                    TestHttpServer.send(ex, 404, "application/json", "{\"error\":\"not_found\"}");
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
                TestHttpServer.send(ex, 200, "application/json", prm.toString());
                return;
            }
            if (!path.equals("/mcp")) {
                TestHttpServer.send(ex, 404, "text/plain", "not found");
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                TestHttpServer.send(ex, ex.getRequestMethod().equals("DELETE") ? 200 : 405, "text/plain", "");
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
                TestHttpServer.send(ex, 401, "application/json", "{\"code\":\"unauthorized\",\"message\":\"sign in\"}");
                return;
            }
            if (method.equals("tools/call") && toolCallScope != null) {
                String needed = escalateForever ? "mcp:level" + escalation.incrementAndGet() : toolCallScope;
                Set<String> have = new LinkedHashSet<>(List.of(g.scope() == null ? new String[0] : g.scope().split(" ")));
                if (escalateForever || !have.containsAll(List.of(needed.split(" ")))) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + needed
                            + "\", resource_metadata=\"" + prmUrl() + "\", error_description=\"needs " + needed + "\"");
                    forbidden.incrementAndGet();
                    TestHttpServer.send(ex, 403, "application/json", "{\"code\":\"insufficient_scope\",\"message\":\"more scope\"}");
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
                    TestHttpServer.send(ex, 400, "application/json", "{\"message\":\"Session ID required in mcp-session-id header\"}");
                } else {
                    TestHttpServer.send(ex, 200, "application/json", rpcError(req.get("id"), -32601, "Method not found: " + method, null));
                }
                return;
            }
            if (!modernRequest && !servesLegacy) {
                TestHttpServer.send(ex, 400, "application/json", rpcError(req.get("id"), -32022, "Unsupported protocol version",
                        JSON.createObjectNode().<ObjectNode>set("supported", JSON.valueToTree(modernVersions))));
                return;
            }
            if (modernRequest) {
                modern(ex, req, method, headerVersion, metaVersion);
                return;
            }
            mcpMethods.add(method);
            if (!req.has("id")) {
                TestHttpServer.send(ex, 202, "text/plain", "");
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
            TestHttpServer.send(ex, 200, "application/json", resp.toString());
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
            TestHttpServer.send(ex, 400, "application/json", rpcError(id, -32020, "Header mismatch", null));
            return;
        }
        if (!modernVersions.contains(headerVersion)) {
            List<String> supported = new ArrayList<>(modernVersions);
            if (servesLegacy) {
                supported.add("2025-11-25");
            }
            TestHttpServer.send(ex, 400, "application/json", rpcError(id, -32022, "Unsupported protocol version",
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
                TestHttpServer.send(ex, 404, "application/json", rpcError(id, -32601, "Method not found: " + method, null));
                return;
            }
        }
        TestHttpServer.send(ex, 200, "application/json", resp.toString());
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

    private void metadata(Map<String, Object> md) {
        String base = as.baseUrl();
        if (issuerOverride != null) {
            md.put("issuer", issuerOverride);
        }
        md.put("authorization_endpoint", base + "/authorize");
        if (dcrEnabled) {
            md.put("registration_endpoint", base + "/register");
        }
        if (codeChallengeMethods != null) {
            md.put("code_challenge_methods_supported", codeChallengeMethods);
        }
        md.put("token_endpoint_auth_methods_supported", List.of("none", "client_secret_basic"));
        if (issParameterSupported) {
            md.put("authorization_response_iss_parameter_supported", true);
        }
        if (cimdSupported) {
            md.put("client_id_metadata_document_supported", true);
        }
        if (asScopesSupported != null) {
            md.put("scopes_supported", asScopesSupported);
        }
    }

    private void register(HttpExchange ex) throws IOException {
        JsonNode body = JSON.readTree(ex.getRequestBody());
        Map<String, String> r = new HashMap<>();
        body.fields().forEachRemaining(e -> r.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        registrations.add(r);
        ObjectNode out = ((ObjectNode) body.deepCopy()).put("client_id", "dcr-client-" + as.port() + "-" + registrations.size());
        TestHttpServer.send(ex, 201, "application/json", out.toString());
    }

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> q = TestHttpServer.form(ex.getRequestURI().getRawQuery());
        authorizeRequests.add(q);
        String code = "code-" + seq.incrementAndGet();
        codes.put(code, new Grant(q.get("client_id"), q.get("scope"), q.get("resource"), q.get("code_challenge"),
                q.get("redirect_uri"), 0));
        StringBuilder loc = new StringBuilder(q.get("redirect_uri")).append("?code=").append(code)
                .append("&state=").append(URLEncoder.encode(stateOverride != null ? stateOverride : q.get("state"), StandardCharsets.UTF_8));
        if (sendIss || issOverride != null) {
            loc.append("&iss=").append(URLEncoder.encode(issOverride != null ? issOverride : issuer(), StandardCharsets.UTF_8));
        }
        ex.getResponseHeaders().add("Location", loc.toString());
        TestHttpServer.send(ex, 302, "text/plain", "");
    }

    /** The code grant: the code once, with the PKCE verifier, the redirect URI and the resource of its authorization request. */
    private TokenResponse codeGrant(TokenRequest request) {
        Map<String, String> f = request.form();
        Grant g = codes.remove(String.valueOf(f.get("code")));
        if (g == null || g.challenge() == null || f.get("code_verifier") == null || !g.challenge().equals(Pkce.s256(f.get("code_verifier")))
                || g.redirectUri() == null || !g.redirectUri().equals(f.get("redirect_uri"))
                || g.resource() == null || !g.resource().equals(f.get("resource"))) {
            return TokenResponse.error(400, "invalid_grant", "code, PKCE verifier, redirect_uri or resource wrong");
        }
        return issue(g);
    }

    private TokenResponse refreshGrant(TokenRequest request) {
        Grant g = refreshTokens.get(String.valueOf(request.param("refresh_token")));
        if (g == null || g.resource() == null || !g.resource().equals(request.param("resource"))) {
            return TokenResponse.error(400, "invalid_grant", null);
        }
        return issue(g);
    }

    /** An opaque access token (and a refresh token unless switched off) for what the grant holds, minus what is never granted. */
    private TokenResponse issue(Grant g) {
        String at = "at-" + seq.incrementAndGet();
        String scope = g.scope();
        if (scope != null && neverGrants != null) {
            scope = String.join(" ", List.of(scope.split(" ")).stream().filter(x -> !x.equals(neverGrants)).toList());
        }
        Grant issued = new Grant(g.clientId(), scope, g.resource(), null, null, System.currentTimeMillis() / 1000 + expiresIn);
        accessTokens.put(at, issued);
        TokenResponse response = TokenResponse.accessToken(at, expiresIn, issued.scope(), null);
        if (issueRefreshTokens) {
            String rt = "rt-" + seq.incrementAndGet();
            refreshTokens.put(rt, issued);
            response.body().put("refresh_token", rt);
        }
        return response;
    }

    public List<String> tokenGrantTypes() {
        return tokenRequests().stream().map(r -> r.get("grant_type")).toList();
    }

    @Override
    public void close() {
        rs.close();
        as.close();
    }
}
