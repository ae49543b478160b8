package example.mcpauth.client.registration;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationErrorResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import example.mcpauth.client.McpAuthException;
import example.mcpauth.client.McpAuthException.Kind;
import example.mcpauth.client.tokens.SecureJsonFiles;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * Chooses the client identity (MCP authorization 2025-11-25 §client registration): a pre-registered
 * client ID if configured; else a Client ID Metadata Document URL if configured and the server advertises
 * {@code client_id_metadata_document_supported}; else Dynamic Client Registration (RFC 7591), whose result
 * is kept per issuer in the store folder and reused.
 */
public final class ClientRegistrar {

    /** What was registered dynamically, as kept on disk ({@code client-<hash>.json}, 0600). */
    public record StoredRegistration(String issuer, String clientId, String clientSecret, String authMethod,
            List<String> redirectUris, String scope, Long clientSecretExpiresAt) {
    }

    private final SecureJsonFiles files;
    private final String clientName;
    private final String preRegisteredClientId;
    private final String preRegisteredSecret;
    private final String clientMetadataUrl;
    private final int timeoutMillis;

    public ClientRegistrar(SecureJsonFiles files, String clientName, String preRegisteredClientId,
            String preRegisteredSecret, String clientMetadataUrl, int timeoutMillis) {
        this.files = files;
        this.clientName = clientName;
        this.preRegisteredClientId = blankToNull(preRegisteredClientId);
        this.preRegisteredSecret = blankToNull(preRegisteredSecret);
        this.clientMetadataUrl = blankToNull(clientMetadataUrl);
        this.timeoutMillis = timeoutMillis;
    }

    public static String fileName(String issuer) {
        return "client-" + SecureJsonFiles.key(issuer) + ".json";
    }

    /** The redirect URI of a stored dynamic registration (to listen on the same port again), if any. */
    public URI storedRedirectUri(String issuer) {
        if (preRegisteredClientId != null) {
            return null;
        }
        StoredRegistration r = files.read(fileName(issuer), StoredRegistration.class);
        return r == null || r.redirectUris() == null || r.redirectUris().isEmpty() ? null : URI.create(r.redirectUris().get(0));
    }

    public static boolean supportsCimd(AuthorizationServerMetadata as) {
        Object v = as.getCustomParameter("client_id_metadata_document_supported");
        return Boolean.TRUE.equals(v) || "true".equals(v);
    }

    public ClientCredentials resolve(AuthorizationServerMetadata as, URI redirectUri, Scope scope) {
        String issuer = as.getIssuer().getValue();
        if (preRegisteredClientId != null) {
            String method = preRegisteredSecret == null ? "none" : secretMethod(as);
            return new ClientCredentials(issuer, preRegisteredClientId, preRegisteredSecret, method, "pre-registered",
                    List.of(redirectUri.toString()));
        }
        if (clientMetadataUrl != null && supportsCimd(as)) {
            return new ClientCredentials(issuer, clientMetadataUrl, null, "none", "cimd", List.of(redirectUri.toString()));
        }
        StoredRegistration stored = files.read(fileName(issuer), StoredRegistration.class);
        if (stored != null && stored.redirectUris() != null && stored.redirectUris().contains(redirectUri.toString())
                && (stored.clientSecretExpiresAt() == null || stored.clientSecretExpiresAt() == 0
                        || stored.clientSecretExpiresAt() > System.currentTimeMillis() / 1000 + 60)) {
            return new ClientCredentials(issuer, stored.clientId(), stored.clientSecret(), stored.authMethod(), "dcr",
                    stored.redirectUris());
        }
        return register(as, redirectUri, scope);
    }

    /**
     * The identity that obtained a stored token, for refreshing it; never registers. Empty when this
     * configuration no longer knows that client (then the user signs in anew).
     */
    public java.util.Optional<ClientCredentials> forRefresh(AuthorizationServerMetadata as, String clientId) {
        String issuer = as.getIssuer().getValue();
        if (clientId == null) {
            return java.util.Optional.empty();
        }
        if (clientId.equals(preRegisteredClientId)) {
            return java.util.Optional.of(new ClientCredentials(issuer, clientId, preRegisteredSecret,
                    preRegisteredSecret == null ? "none" : secretMethod(as), "pre-registered", List.of()));
        }
        if (clientId.equals(clientMetadataUrl)) {
            return java.util.Optional.of(new ClientCredentials(issuer, clientId, null, "none", "cimd", List.of()));
        }
        StoredRegistration r = files.read(fileName(issuer), StoredRegistration.class);
        if (r != null && clientId.equals(r.clientId())) {
            return java.util.Optional.of(new ClientCredentials(issuer, r.clientId(), r.clientSecret(), r.authMethod(), "dcr",
                    r.redirectUris()));
        }
        return java.util.Optional.empty();
    }

    /** Forgets a dynamic registration (e.g. after the server answered invalid_client). */
    public void forget(String issuer) {
        files.delete(fileName(issuer));
    }

    private ClientCredentials register(AuthorizationServerMetadata as, URI redirectUri, Scope scope) {
        String issuer = as.getIssuer().getValue();
        URI endpoint = as.getRegistrationEndpointURI();
        if (endpoint == null) {
            throw new McpAuthException(Kind.REGISTRATION, "The authorization server " + issuer
                    + " does not offer Dynamic Client Registration (no registration_endpoint)"
                    + (clientMetadataUrl == null && supportsCimd(as) ? " but supports Client ID Metadata Documents" : "")
                    + ", and no client ID was given.",
                    "Register a client with the authorization server's operator and pass --client-id (and --client-secret "
                            + "for a confidential client)" + (supportsCimd(as) ? ", or pass --client-metadata-url with the HTTPS URL of "
                            + "your client metadata document" : "") + ".");
        }
        ClientMetadata md = new ClientMetadata();
        md.setName(clientName);
        md.setRedirectionURI(redirectUri);
        md.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
        md.setResponseTypes(Set.of(ResponseType.CODE));
        md.setTokenEndpointAuthMethod(ClientAuthenticationMethod.NONE);
        md.setCustomField("application_type", "native");
        if (scope != null && !scope.isEmpty()) {
            md.setScope(scope);
        }
        ClientRegistrationResponse response;
        try {
            var req = new ClientRegistrationRequest(endpoint, md, null).toHTTPRequest();
            req.setConnectTimeout(timeoutMillis);
            req.setReadTimeout(timeoutMillis);
            HTTPResponse http = req.send();
            response = ClientRegistrationResponse.parse(http);
        } catch (IOException e) {
            throw new McpAuthException(Kind.REGISTRATION, "Could not reach the registration endpoint " + endpoint + ": "
                    + e.getMessage(), "Check that the authorization server is running and reachable.", e);
        } catch (ParseException e) {
            throw new McpAuthException(Kind.REGISTRATION, "The registration endpoint " + endpoint
                    + " answered with something that is not an RFC 7591 response: " + e.getMessage(),
                    "Report this to the authorization server's operator.", e);
        }
        if (!response.indicatesSuccess()) {
            var err = ((ClientRegistrationErrorResponse) response).getErrorObject();
            throw new McpAuthException(Kind.REGISTRATION, "The authorization server refused to register this client: HTTP "
                    + err.getHTTPStatusCode() + " " + err.getCode()
                    + (err.getDescription() != null ? " (" + err.getDescription() + ")" : ""),
                    "The server may restrict registration (e.g. allowed redirect hosts or trusted hosts); ask its operator, "
                            + "or use a pre-registered client with --client-id.");
        }
        ClientInformation info = response.toSuccessResponse().getClientInformation();
        String secret = info.getSecret() == null ? null : info.getSecret().getValue();
        ClientAuthenticationMethod m = info.getMetadata().getTokenEndpointAuthMethod();
        String method = m != null ? m.getValue() : (secret != null ? "client_secret_basic" : "none");
        if (secret == null) {
            method = "none";
        }
        Long secretExpires = info.getSecret() != null && info.getSecret().getExpirationDate() != null
                ? info.getSecret().getExpirationDate().getTime() / 1000 : null;
        StoredRegistration stored = new StoredRegistration(issuer, info.getID().getValue(), secret, method,
                List.of(redirectUri.toString()), scope == null ? null : scope.toString(), secretExpires);
        files.write(fileName(issuer), stored);
        return new ClientCredentials(issuer, stored.clientId(), secret, method, "dcr", stored.redirectUris());
    }

    private static String secretMethod(AuthorizationServerMetadata as) {
        List<ClientAuthenticationMethod> methods = as.getTokenEndpointAuthMethods();
        if (methods == null || methods.isEmpty() || methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)) {
            return "client_secret_basic";
        }
        if (methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
            return "client_secret_post";
        }
        return "client_secret_basic";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
