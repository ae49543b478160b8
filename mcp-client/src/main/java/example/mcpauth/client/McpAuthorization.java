package example.mcpauth.client;

import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import example.mcpauth.client.McpAuthException.Kind;
import example.mcpauth.client.authorization.AuthorizationCodeFlow;
import example.mcpauth.client.authorization.BrowserLauncher;
import example.mcpauth.client.authorization.LoopbackReceiver;
import example.mcpauth.client.discovery.AuthorizationServerDiscovery;
import example.mcpauth.client.discovery.HttpJson;
import example.mcpauth.client.discovery.ProtectedResourceDiscovery;
import example.mcpauth.client.discovery.ProtectedResourceMetadata;
import example.mcpauth.client.discovery.Urls;
import example.mcpauth.client.discovery.WwwAuthenticate;
import example.mcpauth.client.registration.ClientCredentials;
import example.mcpauth.client.registration.ClientRegistrar;
import example.mcpauth.client.tokens.SecureJsonFiles;
import example.mcpauth.client.tokens.StoredToken;
import example.mcpauth.client.tokens.TokenClient;
import example.mcpauth.client.tokens.TokenStore;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The MCP authorization flow (client side, MCP 2025-11-25 and 2026-07-28: the authorization rules are the
 * same for both protocol eras) for one MCP server. It supplies the access token for every request
 * ({@link #accessTokenForRequest()}) and reacts to 401/403 answers
 * ({@link #onAuthorizationError(int, HttpHeaders, String)}): discovery, registration, sign-in, refresh,
 * step-up; it returns whether the request should be retried. Thread-safe (one flow at a time).
 *
 * <p>Every 401 re-reads the protected-resource metadata: when the authorization server named there is no
 * longer the one the held token came from (SEP-2352, authorization-server migration), the tokens kept for
 * this resource at the old server are deleted, the old server's dynamic registration is forgotten (unless
 * a token of another resource still uses it), and the client discovers and registers with the new server.
 */
public final class McpAuthorization {

    private final ClientConfig cfg;
    private final PrintStream err;
    private final HttpJson http;
    private final TokenStore store;
    private final ClientRegistrar registrar;
    private final TokenClient tokenClient;
    private final BrowserLauncher browser;

    static final String OFFLINE_ACCESS = "offline_access";

    private ProtectedResourceMetadata prm;
    private AuthorizationServerMetadata as;
    private StoredToken token;
    private boolean storeChecked;
    private final Set<String> refreshTried = new HashSet<>();
    private int authorizations;
    private int stepUps;
    private String lastFailure;

    public McpAuthorization(ClientConfig cfg, PrintStream err) {
        this.cfg = cfg;
        this.err = err;
        this.http = new HttpJson(cfg.httpTimeout());
        SecureJsonFiles files = new SecureJsonFiles(cfg.storeDir());
        this.store = new TokenStore(files);
        int t = (int) cfg.httpTimeout().toMillis();
        this.registrar = new ClientRegistrar(files, cfg.clientName(), cfg.clientId(), cfg.clientSecret(), cfg.clientMetadataUrl(), t);
        this.tokenClient = new TokenClient(t);
        this.browser = new BrowserLauncher(cfg.browser(), err);
    }

    public TokenStore tokenStore() {
        return store;
    }

    /** The token currently held (null before sign-in). */
    public synchronized StoredToken currentToken() {
        return token;
    }

    public synchronized int authorizationCount() {
        return authorizations;
    }

    /** Why the last 401/403 was given up on (for the CLI's message), or null. */
    public synchronized String lastFailure() {
        return lastFailure;
    }

    /** The Bearer token to send with the next request, refreshing an expired one when possible. */
    public synchronized Optional<String> accessTokenForRequest() {
        if (token == null && !storeChecked) {
            storeChecked = true;
            token = store.findForServer(cfg.serverUrl()).filter(t -> t.accessToken() != null).orElse(null);
        }
        if (token == null) {
            return Optional.empty();
        }
        if (token.expired(Instant.now())) {
            if (token.refreshToken() != null && as != null && prm != null) {
                try {
                    refresh();
                } catch (McpAuthException e) {
                    return Optional.empty(); // the 401 path signs in anew
                }
            } else {
                return Optional.empty(); // 401 -> discovery -> refresh or sign-in
            }
        }
        return Optional.of(token.accessToken());
    }

    /**
     * Handles a 401 or 403 answer. Returns true when the request should be sent again (with a new token).
     *
     * @param sentToken the access token the failed request carried (null: none)
     */
    public synchronized boolean onAuthorizationError(int status, HttpHeaders headers, String sentToken) {
        WwwAuthenticate challenge = WwwAuthenticate.parse(headers.allValues("WWW-Authenticate"));
        if (status == 401) {
            return on401(challenge, sentToken);
        }
        if (status == 403) {
            return on403(challenge);
        }
        return false;
    }

    private boolean on401(WwwAuthenticate challenge, String sentToken) {
        String previousIssuer = token != null ? token.issuer() : as != null ? as.getIssuer().getValue() : null;
        rediscover(challenge.resourceMetadata().map(this::parseMetadataUrl).orElse(null));
        String resource = prm.resource().toString();
        String issuer = as.getIssuer().getValue();
        if (previousIssuer != null && !sameIssuer(previousIssuer, issuer)) {
            forgetAuthorizationServer(previousIssuer, issuer);
        }
        if (token == null || !issuer.equals(token.issuer()) || !Urls.canonical(prm.resource()).equals(Urls.canonical(URI.create(token.resource())))) {
            token = store.load(issuer, resource).orElse(null);
        }
        if (token != null && token.accessToken() != null && !token.accessToken().equals(sentToken) && !token.expired(Instant.now())) {
            return true; // a newer token exists already: just retry with it
        }
        if (token != null && token.refreshToken() != null && refreshTried.add(token.refreshToken())) {
            try {
                refresh();
                progress("Access token refreshed.");
                return true;
            } catch (McpAuthException e) {
                progress("Refreshing the access token failed (" + e.getMessage() + "); signing in again.");
            }
        }
        Scope scope = initialScope(challenge);
        if (token != null && sentToken != null && token.accessToken().equals(sentToken) && challenge.scope().isPresent()) {
            scope = union(scope, token.requestedScope(), token.scope());
        }
        signIn(scope, "the MCP server requires authorization");
        return true;
    }

    /**
     * SEP-2352: the MCP server now names another authorization server. Credentials are bound to the server
     * that issued them: drop this resource's tokens from the old one and, when no other stored token still
     * comes from it, its dynamic registration; the new server gets its own registration.
     */
    private void forgetAuthorizationServer(String oldIssuer, String newIssuer) {
        progress("The MCP server now names the authorization server " + newIssuer + " (was " + oldIssuer
                + "); forgetting the tokens of " + oldIssuer + " for this server and signing in with " + newIssuer + ".");
        if (token != null && sameIssuer(token.issuer(), oldIssuer)) {
            store.delete(token.issuer(), token.resource());
        }
        store.delete(oldIssuer, prm.resource().toString());
        if (store.findForIssuer(oldIssuer).isEmpty()) {
            registrar.forget(oldIssuer);
        }
        token = null;
        refreshTried.clear();
    }

    /**
     * 403 {@code insufficient_scope}: a new sign-in asking for the scopes held plus the challenged ones (never
     * {@code offline_access}: a step-up asks for what the operation needs, not for longer access); the request
     * is then retried. No new sign-in when every challenged scope was already asked for or is held (the
     * authorization server decided), or when {@code maxStepUps} step-ups happened already.
     */
    private boolean on403(WwwAuthenticate challenge) {
        if (!"insufficient_scope".equals(challenge.error().orElse(null))) {
            lastFailure = "The MCP server refused the request (HTTP 403" + challenge.error().map(e -> ", " + e).orElse("")
                    + challenge.bearerParam("error_description").map(d -> ": " + d).orElse("") + ").";
            return false;
        }
        String needed = challenge.scope().orElse(null);
        if (token == null) {
            lastFailure = "The MCP server answered 403 insufficient_scope to a request without a token.";
            return false;
        }
        if (prm == null || as == null) {
            ensureDiscovery(challenge.resourceMetadata().map(this::parseMetadataUrl).orElse(null));
        }
        Set<String> askedOrHeld = scopes(token.requestedScope(), token.scope());
        if (needed == null || askedOrHeld.containsAll(scopes(needed))) {
            lastFailure = "The MCP server requires the scope '" + (needed == null ? "(not named)" : needed)
                    + "', which was already requested; the authorization server did not grant what the server needs.";
            return false;
        }
        if (stepUps >= cfg.maxStepUps()) {
            lastFailure = "The MCP server still requires more scope ('" + needed + "') after " + stepUps
                    + " step-up sign-in(s); giving up to avoid a loop.";
            return false;
        }
        Set<String> wanted = scopes(token.scope(), needed, cfg.extraScope());
        wanted.remove(OFFLINE_ACCESS);
        stepUps++;
        signIn(new Scope(wanted.toArray(new String[0])), "the MCP server requires more scope (" + needed + ")");
        return true;
    }

    private void ensureDiscovery(URI metadataUrl) {
        if (prm != null && as != null && (metadataUrl == null || prm.fetchedFrom() == null || metadataUrl.equals(prm.fetchedFrom()))) {
            return;
        }
        try {
            prm = new ProtectedResourceDiscovery(http).discover(cfg.serverUrl(), metadataUrl);
        } catch (ProtectedResourceDiscovery.NotFound e) {
            if (!cfg.legacyDiscovery()) {
                throw e;
            }
            progress("No protected-resource metadata; using the 2025-03-26 rules (authorization server at the server's origin).");
            prm = new ProtectedResourceMetadata(URI.create(Urls.canonical(cfg.serverUrl())), List.of(URI.create(Urls.origin(cfg.serverUrl()))),
                    null, null);
            as = new AuthorizationServerDiscovery(http).discoverLegacy(cfg.serverUrl());
            progress("Authorization server: " + as.getIssuer() + " (resource " + prm.resource() + ")");
            return;
        }
        URI issuer = prm.authorizationServers().get(0);
        as = new AuthorizationServerDiscovery(http).discover(issuer);
        progress("Authorization server: " + as.getIssuer() + " (resource " + prm.resource() + ")");
    }

    /**
     * Reads the protected-resource metadata again (every 401 does: SEP-2352) and the authorization-server
     * metadata when the server named there is not the one known already.
     */
    private void rediscover(URI metadataUrl) {
        ProtectedResourceMetadata fresh;
        try {
            fresh = new ProtectedResourceDiscovery(http).discover(cfg.serverUrl(), metadataUrl);
        } catch (ProtectedResourceDiscovery.NotFound e) {
            if (!cfg.legacyDiscovery()) {
                throw e;
            }
            prm = null;
            as = null;
            ensureDiscovery(metadataUrl);
            return;
        }
        URI issuer = fresh.authorizationServers().get(0);
        if (as == null || !sameIssuer(as.getIssuer().getValue(), issuer.toString())) {
            as = new AuthorizationServerDiscovery(http).discover(issuer);
            progress("Authorization server: " + as.getIssuer() + " (resource " + fresh.resource() + ")");
        }
        prm = fresh;
    }

    private URI parseMetadataUrl(String s) {
        try {
            return Urls.parseHttpUrl(s, "resource_metadata");
        } catch (IllegalArgumentException e) {
            return null; // fall back to the well-known URLs
        }
    }

    /**
     * Scope of a sign-in that is not a step-up: the challenge's {@code scope}, else the PRM's
     * {@code scopes_supported}, else none; plus {@code --scope}; plus {@code offline_access} when there is
     * a scope and the authorization server lists {@code offline_access} in its {@code scopes_supported}
     * (SEP-2207: the client wants a refresh token; never added on its own, so an undefined scope stays
     * omitted).
     */
    private Scope initialScope(WwwAuthenticate challenge) {
        Scope s = new Scope();
        if (challenge.scope().isPresent()) {
            s = union(s, challenge.scope().get());
        } else if (prm.scopesSupported() != null && !prm.scopesSupported().isEmpty()) {
            s = union(s, String.join(" ", prm.scopesSupported()));
        }
        s = union(s, cfg.extraScope());
        if (!s.isEmpty() && as.getScopes() != null && as.getScopes().contains(OFFLINE_ACCESS)) {
            s = union(s, OFFLINE_ACCESS);
        }
        return s;
    }

    /** The scope tokens of space-separated scope strings (nulls ignored), in order. */
    private static Set<String> scopes(String... values) {
        Set<String> all = new LinkedHashSet<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                all.addAll(List.of(v.trim().split("\\s+")));
            }
        }
        return all;
    }

    private static boolean sameIssuer(String a, String b) {
        return stripSlash(a).equals(stripSlash(b));
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static Scope union(Scope base, String... more) {
        Set<String> all = new LinkedHashSet<>(base.toStringList());
        for (String m : more) {
            if (m != null && !m.isBlank()) {
                all.addAll(List.of(m.trim().split("\\s+")));
            }
        }
        return new Scope(all.toArray(new String[0]));
    }

    private void refresh() {
        ClientCredentials client = registrar.forRefresh(as, token.clientId()).orElseThrow(() -> new McpAuthException(Kind.TOKEN,
                "The stored token belongs to a client this configuration does not know (" + token.clientId() + ").",
                "Sign in again."));
        Scope requested = token.requestedScope() == null ? null : Scope.parse(token.requestedScope());
        token = tokenClient.exchange(as.getTokenEndpointURI(), client, new RefreshTokenGrant(new RefreshToken(token.refreshToken())),
                prm.resource(), requested, as.getIssuer().getValue(), token.refreshToken());
        store.save(token);
    }

    private void signIn(Scope scope, String why) {
        if (authorizations >= cfg.maxAuthorizations()) {
            throw new McpAuthException(Kind.AUTHORIZATION, "Gave up after " + authorizations + " sign-ins in this run: the MCP server "
                    + "keeps rejecting the tokens.", "Check that the MCP server accepts tokens from " + as.getIssuer()
                    + " for the resource " + prm.resource() + "; its operator can tell why they are rejected.");
        }
        authorizations++;
        String issuer = as.getIssuer().getValue();
        int port = cfg.callbackPort();
        boolean fallback = false;
        if (port == 0) {
            URI stored = registrar.storedRedirectUri(issuer);
            if (stored != null && stored.getPort() > 0 && (cfg.clientId() == null)) {
                port = stored.getPort();
                fallback = true;
            }
        }
        progress("Signing in because " + why + (scope.isEmpty() ? "" : "; scope: " + scope) + ".");
        try (LoopbackReceiver receiver = LoopbackReceiver.start(port, fallback)) {
            ClientCredentials client = registrar.resolve(as, receiver.redirectUri(), scope.isEmpty() ? null : scope);
            progress("Client: " + client.clientId() + " (" + client.source() + ")");
            AuthorizationCodeFlow flow = new AuthorizationCodeFlow(browser, tokenClient, cfg.authTimeout());
            try {
                token = flow.run(as, client, receiver, scope.isEmpty() ? null : scope, prm.resource());
            } catch (TokenClient.TokenRefusedException e) {
                if ("invalid_client".equals(e.errorCode()) && "dcr".equals(client.source())) {
                    registrar.forget(issuer);
                }
                throw e;
            }
            store.save(token);
            progress("Signed in; token stored in " + store.path(token.issuer(), token.resource()) + ".");
        }
    }

    private void progress(String s) {
        err.println("[mcp-client] " + s);
    }
}
