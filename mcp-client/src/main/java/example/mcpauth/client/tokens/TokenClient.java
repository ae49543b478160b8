package example.mcpauth.client.tokens;

import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import example.mcpauth.client.McpAuthException;
import example.mcpauth.client.McpAuthException.Kind;
import example.mcpauth.client.registration.ClientCredentials;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;

/** Token endpoint calls (authorization code, refresh) with the RFC 8707 {@code resource} parameter. */
public final class TokenClient {

    /** The token endpoint refused a grant (e.g. {@code invalid_grant} for a dead refresh token). */
    public static final class TokenRefusedException extends McpAuthException {
        private final String errorCode;

        TokenRefusedException(String message, String hint, String errorCode) {
            super(Kind.TOKEN, message, hint);
            this.errorCode = errorCode;
        }

        public String errorCode() {
            return errorCode;
        }
    }

    private final int timeoutMillis;

    public TokenClient(int timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    public StoredToken exchange(URI tokenEndpoint, ClientCredentials client, AuthorizationGrant grant, URI resource,
            Scope requested, String issuer, String previousRefreshToken) {
        TokenRequest.Builder b = switch (client.authMethod()) {
            case "client_secret_basic" -> new TokenRequest.Builder(tokenEndpoint,
                    new ClientSecretBasic(new ClientID(client.clientId()), new Secret(client.clientSecret())), grant);
            case "client_secret_post" -> new TokenRequest.Builder(tokenEndpoint,
                    new ClientSecretPost(new ClientID(client.clientId()), new Secret(client.clientSecret())), grant);
            default -> new TokenRequest.Builder(tokenEndpoint, new ClientID(client.clientId()), grant);
        };
        b.resource(resource);
        if (grant instanceof RefreshTokenGrant && requested != null && !requested.isEmpty()) {
            b.scope(requested);
        }
        HTTPRequest http = b.build().toHTTPRequest();
        http.setConnectTimeout(timeoutMillis);
        http.setReadTimeout(timeoutMillis);
        TokenResponse response;
        try {
            response = TokenResponse.parse(http.send());
        } catch (IOException e) {
            throw new McpAuthException(Kind.TOKEN, "Could not reach the token endpoint " + tokenEndpoint + ": " + e.getMessage(),
                    "Check that the authorization server is running and reachable.", e);
        } catch (ParseException e) {
            throw new McpAuthException(Kind.TOKEN, "The token endpoint " + tokenEndpoint + " sent an invalid response: "
                    + e.getMessage(), "Report this to the authorization server's operator.", e);
        }
        if (!response.indicatesSuccess()) {
            ErrorObject err = response.toErrorResponse().getErrorObject();
            String code = err.getCode();
            String what = grant instanceof RefreshTokenGrant ? "refresh the access token" : "exchange the authorization code";
            throw new TokenRefusedException("The authorization server refused to " + what + ": HTTP " + err.getHTTPStatusCode()
                    + " " + code + (err.getDescription() != null ? " (" + err.getDescription() + ")" : ""),
                    "invalid_client".equals(code) ? "The client registration is not accepted; the stored registration is dropped, run the command again to register anew (or check --client-id/--client-secret)."
                            : "Run the command again to sign in anew.", code);
        }
        Tokens tokens = response.toSuccessResponse().getTokens();
        AccessToken at = tokens.getAccessToken();
        RefreshToken rt = tokens.getRefreshToken();
        Long exp = at.getLifetime() > 0 ? Instant.now().getEpochSecond() + at.getLifetime() : null;
        String granted = at.getScope() != null ? at.getScope().toString() : (requested == null ? null : requested.toString());
        return new StoredToken(issuer, resource.toString(), client.clientId(), at.getType().getValue(), at.getValue(),
                rt != null ? rt.getValue() : previousRefreshToken, exp, granted, requested == null ? null : requested.toString());
    }
}
