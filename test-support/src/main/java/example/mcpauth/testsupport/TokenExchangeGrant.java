package example.mcpauth.testsupport;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * RFC 8693 token exchange at a {@link FakeAuthorizationServer}, as the stack's MCP server uses it:
 * one confidential client exchanges a token the server issued for {@code subjectAudience} for a
 * token for {@code audience}, with {@code scope}; the subject and the chosen claims are carried over.
 * A request that is not exactly that is refused, and the reason is kept in {@link #rejections()}
 * (a correct caller causes none).
 */
public final class TokenExchangeGrant implements FakeAuthorizationServer.Grant {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private final FakeAuthorizationServer server;
    private final List<String> rejections = new CopyOnWriteArrayList<>();
    private String clientId;
    private String clientSecret;
    private String subjectAudience;
    private String audience;
    private String scope;
    private Duration lifetime = Duration.ofMinutes(5);
    private List<String> copiedClaims = List.of("region", "client_type", "client_assurance_level");
    private boolean requestedScopes;

    public TokenExchangeGrant(FakeAuthorizationServer server) {
        this.server = server;
    }

    /** The only client allowed to exchange (secret by HTTP Basic or in the form). */
    public TokenExchangeGrant client(String id, String secret) { clientId = id; clientSecret = secret; return this; }
    /** The audience the subject token must have. */
    public TokenExchangeGrant subjectAudience(String aud) { subjectAudience = aud; return this; }
    /** The only audience tokens are exchanged to. */
    public TokenExchangeGrant audience(String aud) { audience = aud; return this; }
    /** The scope the request must include; the issued token has exactly this scope (unless {@link #grantRequestedScopes()}). */
    public TokenExchangeGrant scope(String s) { scope = s; return this; }
    /**
     * The issued token has the scopes the request asks for (which must include {@link #scope}), when the
     * subject token holds every one of them; otherwise 400 {@code invalid_scope}, rejection "scope not
     * granted": an exchange never adds a scope the user did not grant (the realm's down-scoping policy).
     */
    public TokenExchangeGrant grantRequestedScopes() { requestedScopes = true; return this; }
    public TokenExchangeGrant lifetime(Duration d) { lifetime = d; return this; }
    /** Claims copied from the subject token when it has them (besides sub); region, client_type, client_assurance_level by default. */
    public TokenExchangeGrant copyClaims(String... names) { copiedClaims = List.of(names); return this; }

    /**
     * Why requests were refused, in order: "client credentials", "subject_token_type", "audience", "scope",
     * "subject_token", "scope not granted". A live, read-only view.
     */
    public List<String> rejections() {
        return Collections.unmodifiableList(rejections);
    }

    @Override
    public FakeAuthorizationServer.TokenResponse handle(FakeAuthorizationServer.TokenRequest request) {
        Objects.requireNonNull(audience, "TokenExchangeGrant needs audience(...)");
        Optional<String[]> credentials = request.clientCredentials();
        String rejection = null;
        if (clientId != null && (credentials.isEmpty() || !clientId.equals(credentials.get()[0])
                || !Objects.equals(clientSecret, credentials.get()[1]))) {
            rejection = "client credentials";
        } else if (!ACCESS_TOKEN_TYPE.equals(request.param("subject_token_type"))) {
            rejection = "subject_token_type";
        } else if (!audience.equals(request.param("audience"))) {
            rejection = "audience";
        } else if (scope != null && (request.param("scope") == null
                || !Set.copyOf(Arrays.asList(request.param("scope").split(" "))).contains(scope))) {
            rejection = "scope";
        }
        if (rejection != null) {
            rejections.add(rejection);
            return FakeAuthorizationServer.TokenResponse.error(400, "invalid_request", "bad " + rejection);
        }
        Optional<JWTClaimsSet> subject = request.param("subject_token") == null ? Optional.empty()
                : server.verify(request.param("subject_token"), subjectAudience != null ? subjectAudience : audience);
        if (subject.isEmpty()) {
            rejections.add("subject_token");
            return FakeAuthorizationServer.TokenResponse.error(400, "invalid_grant", "subject token invalid");
        }
        String issued = scope;
        if (requestedScopes) {
            issued = request.param("scope");
            Object held = subject.get().getClaim("scope");
            if (issued == null || held == null || !Set.of(String.valueOf(held).split(" ")).containsAll(Set.of(issued.split(" ")))) {
                rejections.add("scope not granted");
                return FakeAuthorizationServer.TokenResponse.error(400, "invalid_scope", "scope not granted to the subject token");
            }
        }
        JWTClaimsSet.Builder claims = server.claims(lifetime).audience(audience).subject(subject.get().getSubject());
        if (issued != null) {
            claims.claim("scope", issued);
        }
        for (String name : copiedClaims) {
            Object value = subject.get().getClaim(name);
            if (value != null) {
                claims.claim(name, value);
            }
        }
        return FakeAuthorizationServer.TokenResponse.accessToken(server.sign(claims.build()), lifetime.toSeconds(), issued,
                ACCESS_TOKEN_TYPE);
    }
}
