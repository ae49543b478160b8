package example.mcpauth.client.authorization;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import example.mcpauth.client.registration.ClientCredentials;
import example.mcpauth.client.tokens.StoredToken;
import example.mcpauth.client.tokens.TokenClient;
import java.net.URI;
import java.time.Duration;

/**
 * Authorization code grant with PKCE S256, {@code state} and {@code resource} (RFC 8707) on both the
 * authorization and the token request, through the loopback receiver.
 */
public final class AuthorizationCodeFlow {

    private final BrowserLauncher browser;
    private final TokenClient tokens;
    private final Duration timeout;

    public AuthorizationCodeFlow(BrowserLauncher browser, TokenClient tokens, Duration timeout) {
        this.browser = browser;
        this.tokens = tokens;
        this.timeout = timeout;
    }

    /** Builds the authorization request URL (exposed for tests). */
    public static URI authorizationUrl(AuthorizationServerMetadata as, ClientCredentials client, URI redirectUri, Scope scope,
            URI resource, State state, CodeVerifier verifier) {
        AuthorizationRequest.Builder b = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(client.clientId()))
                .endpointURI(as.getAuthorizationEndpointURI())
                .redirectionURI(redirectUri)
                .state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .resource(resource);
        if (scope != null && !scope.isEmpty()) {
            b.scope(scope);
        }
        return b.build().toURI();
    }

    public StoredToken run(AuthorizationServerMetadata as, ClientCredentials client, LoopbackReceiver receiver, Scope scope,
            URI resource) {
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        String issuer = as.getIssuer().getValue();
        receiver.expect(state.getValue(), issuer, as.supportsAuthorizationResponseIssuerParam());
        URI url = authorizationUrl(as, client, receiver.redirectUri(), scope, resource, state, verifier);
        browser.open(url);
        LoopbackReceiver.Callback cb = receiver.await(timeout);
        return tokens.exchange(as.getTokenEndpointURI(), client,
                new AuthorizationCodeGrant(new AuthorizationCode(cb.code()), receiver.redirectUri(), verifier), resource, scope,
                issuer, null);
    }
}
