package example.mcpauth.testsupport;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * An authorization server for in-JVM tests, on loopback: an RS256 key whose public half is served
 * as a JWKS, a token minter, a token endpoint that dispatches on {@code grant_type} to the
 * {@link Grant}s a test installs (e.g. {@link TokenExchangeGrant}), RFC 8414 / OIDC metadata, and
 * any other endpoint a test adds with {@link #route(String, HttpHandler)} (on a {@link TestHttpServer}).
 *
 * <pre>{@code
 * FakeAuthorizationServer as = FakeAuthorizationServer.builder().port(29190).issuerPath("/issuer").start();
 * String token = as.sign(as.claims().audience(MCP_RESOURCE).subject("john").claim("scope", "stocks/read").build());
 * as.grant(TokenExchangeGrant.GRANT_TYPE, new TokenExchangeGrant(as).client("mcp-server", "secret")
 *         .subjectAudience(MCP_RESOURCE).audience(API_AUDIENCE).scope("stocks/read"));
 * }</pre>
 *
 * Endpoints (paths relative to {@link #baseUrl()}): the JWKS at {@code /jwks} and the token
 * endpoint at {@code /token} (both configurable), metadata at
 * {@code /.well-known/oauth-authorization-server{issuerPath}} and
 * {@code {issuerPath}/.well-known/openid-configuration} (see {@link #metadataLocations}). A route
 * a test adds wins over these for its path and everything below it.
 */
public final class FakeAuthorizationServer implements AutoCloseable {

    /** Where the metadata document is served (RFC 8414 section 3 and OIDC Discovery). */
    public enum MetadataLocation { RFC8414_PATH_INSERTED, OIDC_PATH_INSERTED, OIDC_PATH_APPENDED }

    /** One grant type of the token endpoint. */
    @FunctionalInterface
    public interface Grant {
        TokenResponse handle(TokenRequest request) throws Exception;
    }

    /** A token request: its form parameters and its headers (names lower-case). */
    public record TokenRequest(Map<String, String> form, Map<String, String> headers) {

        public String param(String name) {
            return form.get(name);
        }

        /**
         * The client's id and secret from HTTP Basic (RFC 6749 2.3.1, form-decoded) or else from the
         * form ({@code client_secret_post}; the secret is null for a public client).
         */
        public Optional<String[]> clientCredentials() {
            String auth = headers.get("authorization");
            if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
                String pair = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon > 0) {
                    return Optional.of(new String[] {URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8)});
                }
            }
            return form.containsKey("client_id")
                    ? Optional.of(new String[] {form.get("client_id"), form.get("client_secret")})
                    : Optional.empty();
        }
    }

    /** What the token endpoint answers: a status and a JSON object. */
    public record TokenResponse(int status, Map<String, Object> body) {

        /** 200 with a bearer access token. */
        public static TokenResponse accessToken(String token, long expiresIn, String scope, String issuedTokenType) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("access_token", token);
            if (issuedTokenType != null) {
                body.put("issued_token_type", issuedTokenType);
            }
            body.put("token_type", "Bearer");
            body.put("expires_in", expiresIn);
            if (scope != null) {
                body.put("scope", scope);
            }
            return new TokenResponse(200, body);
        }

        /** An RFC 6749 5.2 error. */
        public static TokenResponse error(int status, String error, String description) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            if (description != null) {
                body.put("error_description", description);
            }
            return new TokenResponse(status, body);
        }
    }

    /** One request the server received (any endpoint). */
    public record Request(String method, String path, String query) { }

    /** How the server is set up; {@link #start()} binds it. */
    public static final class Builder {
        private int port;
        private String issuerPath = "";
        private String keyId = "test-key-1";
        private String jwksPath = "/jwks";
        private String tokenPath = "/token";
        private Duration tokenLifetime = Duration.ofMinutes(5);

        private Builder() { }

        /** The port on 127.0.0.1 (0, the default: any free one). */
        public Builder port(int port) { this.port = port; return this; }
        /** The issuer is {@code http://127.0.0.1:<port>} plus this path ("" by default). */
        public Builder issuerPath(String path) { this.issuerPath = path; return this; }
        /** The signing key's {@code kid} ("test-key-1" by default). */
        public Builder keyId(String kid) { this.keyId = kid; return this; }
        public Builder jwksPath(String path) { this.jwksPath = path; return this; }
        public Builder tokenPath(String path) { this.tokenPath = path; return this; }
        /** How long the tokens of {@link FakeAuthorizationServer#claims()} are valid (5 minutes by default). */
        public Builder tokenLifetime(Duration lifetime) { this.tokenLifetime = lifetime; return this; }

        public FakeAuthorizationServer start() {
            return new FakeAuthorizationServer(this);
        }
    }

    private final RSAKey signingKey;
    private final RSAKey unknownKey;
    private final String jwksPath;
    private final String tokenPath;
    private final Duration tokenLifetime;
    private final TestHttpServer server;
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
    private final Map<String, Object> metadata = new ConcurrentHashMap<>();
    private final List<TokenRequest> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private volatile String issuerPath;
    private volatile Consumer<Map<String, Object>> metadataEditor = md -> { };
    private volatile List<MetadataLocation> metadataLocations =
            List.of(MetadataLocation.RFC8414_PATH_INSERTED, MetadataLocation.OIDC_PATH_APPENDED);

    private FakeAuthorizationServer(Builder b) {
        try {
            signingKey = new RSAKeyGenerator(2048).keyID(b.keyId).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
            unknownKey = new RSAKeyGenerator(2048).keyID("unknown-key").keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
        this.issuerPath = b.issuerPath;
        this.jwksPath = b.jwksPath;
        this.tokenPath = b.tokenPath;
        this.tokenLifetime = b.tokenLifetime;
        server = TestHttpServer.start(b.port, "fake-authorization-server", this::handle);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- where it is ------------------------------------------------------------------------

    public int port() { return server.port(); }
    public String baseUrl() { return server.baseUrl(); }
    public String issuer() { return baseUrl() + issuerPath; }
    public String jwksUri() { return baseUrl() + jwksPath; }
    public String tokenEndpoint() { return baseUrl() + tokenPath; }

    /** Changes the issuer's path (the metadata locations follow). */
    public FakeAuthorizationServer issuerPath(String path) {
        this.issuerPath = path;
        return this;
    }

    /** Where the metadata is served from now on (RFC 8414 path-inserted and OIDC path-appended by default). */
    public FakeAuthorizationServer metadataLocations(MetadataLocation... locations) {
        this.metadataLocations = List.of(locations);
        return this;
    }

    /**
     * Members added to (or, with a null-free value, replacing) the served metadata, whose defaults are
     * issuer, jwks_uri, token_endpoint, grant_types_supported and response_types_supported. Mutable.
     */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /**
     * Edits the metadata document at each request, after the defaults and {@link #metadata()}: for a
     * test double whose metadata follows settings the test changes (a member it removes is not served).
     */
    public FakeAuthorizationServer onMetadataRequest(Consumer<Map<String, Object>> editor) {
        this.metadataEditor = editor;
        return this;
    }

    // ---- keys and tokens --------------------------------------------------------------------

    /** The key whose public half the JWKS serves (private half included: for signing). */
    public RSAKey signingKey() { return signingKey; }
    /** A key the JWKS does not have (kid "unknown-key"): tokens signed with it must be refused. */
    public RSAKey unknownKey() { return unknownKey; }
    /** The public JWKS, as served. */
    public JWKSet jwks() { return new JWKSet(signingKey.toPublicJWK()); }
    /** How many times the JWKS was fetched. */
    public int jwksRequests() { return jwksRequests.get(); }

    /** Claims of a token of this issuer, valid from now for the builder's lifetime, with a fresh jti. */
    public JWTClaimsSet.Builder claims() {
        return claims(tokenLifetime);
    }

    public JWTClaimsSet.Builder claims(Duration lifetime) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString());
    }

    /** An RS256 JWT with the signing key ({@code typ} JWT, {@code kid} set). */
    public String sign(JWTClaimsSet claims) {
        return sign(claims, signingKey);
    }

    /** An RS256 JWT signed with any RSA key (e.g. {@link #unknownKey()}). */
    public static String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The claims of a token this server signed (RS256, its key), of its issuer, for this audience,
     * not expired; empty otherwise. What a resource server of these tests checks.
     */
    public Optional<JWTClaimsSet> verify(String token, String audience) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new RSASSAVerifier(signingKey))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!issuer().equals(claims.getIssuer()) || claims.getAudience() == null || !claims.getAudience().contains(audience)
                    || claims.getExpirationTime() == null || claims.getExpirationTime().before(new Date())) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
            return Optional.empty();
        }
    }

    // ---- endpoints --------------------------------------------------------------------------

    /** Installs (or replaces) the handler of one grant type at the token endpoint. */
    public FakeAuthorizationServer grant(String grantType, Grant grant) {
        grants.put(grantType, grant);
        return this;
    }

    /** Serves {@code path} and everything below it with {@code handler} (the longest route wins). */
    public FakeAuthorizationServer route(String path, HttpHandler handler) {
        routes.put(path, handler);
        return this;
    }

    /** Every request of the token endpoint, in order. */
    public List<TokenRequest> tokenRequests() { return List.copyOf(tokenRequests); }

    /** Every request the server received, in order. */
    public List<Request> requests() { return List.copyOf(requests); }

    /** Stops listening at once. */
    @Override
    public void close() {
        server.close();
    }

    // ---- serving ----------------------------------------------------------------------------

    private void handle(HttpExchange ex) {
        try {
            String path = ex.getRequestURI().getPath();
            requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery()));
            HttpHandler route = route(path);
            if (route != null) {
                route.handle(ex);
            } else if (path.equals(jwksPath)) {
                jwksRequests.incrementAndGet();
                TestHttpServer.send(ex, 200, "application/json", jwks().toString());
            } else if (path.equals(tokenPath)) {
                token(ex);
            } else if (metadataPaths().contains(path)) {
                TestHttpServer.send(ex, 200, "application/json", Http.JSON.writeValueAsString(metadataDocument()));
            } else {
                TestHttpServer.send(ex, 404, "application/json", "{\"error\":\"not_found\"}");
            }
        } catch (RuntimeException | IOException e) {
            // the test sees a 500 (when the response had not begun) rather than a hang
            try {
                TestHttpServer.send(ex, 500, "application/json", "{\"error\":\"server_error\"}");
            } catch (IOException | RuntimeException ignored) {
                // the response had begun
            }
        } finally {
            ex.close();
        }
    }

    private HttpHandler route(String path) {
        String best = null;
        for (String p : routes.keySet()) {
            boolean matches = path.equals(p) || path.startsWith(p.endsWith("/") ? p : p + "/");
            if (matches && (best == null || p.length() > best.length())) {
                best = p;
            }
        }
        return best == null ? null : routes.get(best);
    }

    private List<String> metadataPaths() {
        String ip = issuerPath;
        return metadataLocations.stream().map(l -> switch (l) {
            case RFC8414_PATH_INSERTED -> "/.well-known/oauth-authorization-server" + ip;
            case OIDC_PATH_INSERTED -> "/.well-known/openid-configuration" + ip;
            case OIDC_PATH_APPENDED -> ip + "/.well-known/openid-configuration";
        }).toList();
    }

    private Map<String, Object> metadataDocument() {
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("issuer", issuer());
        md.put("jwks_uri", jwksUri());
        md.put("token_endpoint", tokenEndpoint());
        md.put("grant_types_supported", List.copyOf(grants.keySet()));
        md.put("response_types_supported", List.of("code"));
        md.putAll(metadata);
        metadataEditor.accept(md);
        return md;
    }

    private void token(HttpExchange ex) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            TestHttpServer.send(ex, 405, "application/json", "{\"error\":\"invalid_request\"}");
            return;
        }
        Map<String, String> form = TestHttpServer.form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(", ", v)));
        TokenRequest request = new TokenRequest(Map.copyOf(form), Map.copyOf(headers));
        tokenRequests.add(request);
        Grant grant = form.get("grant_type") == null ? null : grants.get(form.get("grant_type"));
        TokenResponse response;
        try {
            response = grant == null ? TokenResponse.error(400, "unsupported_grant_type", null) : grant.handle(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response = TokenResponse.error(500, "server_error", null);
        } catch (Exception e) {
            response = TokenResponse.error(500, "server_error", e.getClass().getSimpleName());
        }
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        TestHttpServer.send(ex, response.status(), "application/json", Http.JSON.writeValueAsString(response.body()));
    }
}
