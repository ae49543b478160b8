package example.mcpauth.keycloak.registration;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.keycloak.services.clientpolicy.context.DynamicClientRegisterContext;
import org.keycloak.services.clientpolicy.context.DynamicClientUpdateContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * The seed's registration policy for MCP clients that Keycloak's configuration cannot express:
 * on registration (dynamic or Client ID Metadata Document) it refuses redirect URIs other than
 * {@code https} or {@code http} on an allowed loopback host, and on the stored client it stamps
 * {@code client_type} / {@code client_assurance_level} attributes (read by the client attribute
 * mapper), turns refresh tokens and every grant but the code flow off, requires consent, makes
 * the MCP scope a default scope (its audience mappers give aud = the MCP server) and the further
 * MCP scopes optional ones, which the client may ask for later (step-up) whatever it registered with.
 */
public class McpClientRegistrationExecutor implements ClientPolicyExecutorProvider<McpClientRegistrationExecutor.Configuration> {

    private static final Logger LOG = Logger.getLogger(McpClientRegistrationExecutor.class);

    public static final String ATTR_CLIENT_TYPE = "client_type";
    public static final String ATTR_ASSURANCE = "client_assurance_level";

    private final KeycloakSession session;
    private Configuration configuration = new Configuration();

    public McpClientRegistrationExecutor(KeycloakSession session) {
        this.session = session;
    }

    /** Executor configuration (client profile JSON). */
    public static class Configuration extends ClientPolicyExecutorConfigurationRepresentation {
        @JsonProperty("client-type")
        public String clientType = "mcp";
        @JsonProperty("client-assurance-level")
        public String clientAssuranceLevel = "1";
        @JsonProperty("allowed-http-redirect-hosts")
        public List<String> allowedHttpRedirectHosts = List.of("localhost", "127.0.0.1");
        @JsonProperty("default-scope")
        public String defaultScope = "stocks/read";
        @JsonProperty("optional-scopes")
        public List<String> optionalScopes = List.of();
    }

    @Override
    public Class<Configuration> getExecutorConfigurationClass() {
        return Configuration.class;
    }

    @Override
    public void setupConfiguration(Configuration config) {
        this.configuration = config == null ? new Configuration() : config;
    }

    @Override
    public String getProviderId() {
        return McpClientRegistrationExecutorFactory.PROVIDER_ID;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        if (!(context instanceof ClientCRUDContext crud)) {
            return;
        }
        switch (context.getEvent()) {
            case REGISTER, UPDATE -> {
                if (!(context instanceof DynamicClientRegisterContext) && !(context instanceof DynamicClientUpdateContext)) {
                    return; // Client ID Metadata Documents: the CIMD executor checks the document's redirect URIs
                }
                ClientRepresentation proposed = crud.getProposedClientRepresentation();
                if (proposed != null && proposed.getRedirectUris() != null) {
                    for (String uri : proposed.getRedirectUris()) {
                        checkRedirectUri(uri, configuration.allowedHttpRedirectHosts);
                    }
                }
            }
            case REGISTERED, UPDATED -> {
                ClientModel client = crud.getTargetClient();
                if (client != null) {
                    applyPolicy(client);
                }
            }
            default -> {
                // other events: nothing to do
            }
        }
    }

    /**
     * Accepts https URIs and http URIs on an allowed (loopback) host; no fragments, no wildcards.
     * Refusals answer 400 {@code invalid_redirect_uri} as RFC 7591 section 3.2.2 says.
     */
    static void checkRedirectUri(String uri, List<String> allowedHttpHosts) {
        String problem = redirectUriProblem(uri, allowedHttpHosts);
        if (problem != null) {
            throw new ErrorResponseException(OAuthErrorException.INVALID_REDIRECT_URI, problem, Response.Status.BAD_REQUEST);
        }
    }

    /** Why a redirect URI is not acceptable, or null when it is. */
    static String redirectUriProblem(String uri, List<String> allowedHttpHosts) {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException | NullPointerException e) {
            return "redirect URI '" + uri + "' is not a valid URI";
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        String host = parsed.getHost() == null ? "" : parsed.getHost().toLowerCase(Locale.ROOT);
        if (parsed.getFragment() != null || uri.contains("*")) {
            return "redirect URI '" + uri + "' must not contain a fragment or a wildcard";
        }
        if (scheme.equals("https") && !host.isEmpty()) {
            return null;
        }
        if (scheme.equals("http") && allowedHttpHosts != null && allowedHttpHosts.stream()
                .anyMatch(allowed -> allowed.trim().toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "")
                        .equals(host.replaceAll("^\\[|]$", "")))) {
            return null;
        }
        return "redirect URI '" + uri + "' is not allowed: use https, or http on one of " + allowedHttpHosts;
    }

    private static ClientScopeModel clientScope(RealmModel realm, String name) {
        ClientScopeModel scope = realm.getClientScopesStream().filter(s -> name.equals(s.getName())).findFirst().orElse(null);
        if (scope == null) {
            LOG.warnf("client scope %s does not exist in realm %s", name, realm.getName());
        }
        return scope;
    }

    private void applyPolicy(ClientModel client) {
        client.setAttribute(ATTR_CLIENT_TYPE, configuration.clientType);
        client.setAttribute(ATTR_ASSURANCE, configuration.clientAssuranceLevel);
        client.setAttribute("use.refresh.tokens", "false");
        client.setAttribute("client_credentials.use_refresh_token", "false");
        client.setAttribute("oauth2.device.authorization.grant.enabled", "false");
        client.setAttribute("oidc.ciba.grant.enabled", "false");
        client.setAttribute("standard.token.exchange.enabled", "false");
        client.setAttribute("pkce.code.challenge.method", "S256");
        client.setStandardFlowEnabled(true);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setServiceAccountsEnabled(false);
        client.setConsentRequired(true);
        // CORS for browser-based clients: the origins of the redirect URIs (DCR already sets them;
        // metadata-document clients get them here)
        if (client.getWebOrigins() == null || client.getWebOrigins().isEmpty()) {
            client.addWebOrigin("+");
        }
        RealmModel realm = session.getContext().getRealm();
        if (configuration.defaultScope != null && !configuration.defaultScope.isBlank() && realm != null) {
            ClientScopeModel scope = clientScope(realm, configuration.defaultScope);
            if (scope != null && !client.getClientScopes(true).containsKey(scope.getName())) {
                client.removeClientScope(scope);
                client.addClientScope(scope, true);
            }
        }
        // optional scopes: the client asks for them when it needs them (a registration that named
        // only the default scope, as MCP clients do with the resource metadata's scopes, still may);
        // one the client already has (default or optional) stays as it is
        if (configuration.optionalScopes != null && realm != null) {
            for (String name : configuration.optionalScopes) {
                if (name == null || name.isBlank() || client.getClientScopes(true).containsKey(name)
                        || client.getClientScopes(false).containsKey(name)) {
                    continue;
                }
                ClientScopeModel scope = clientScope(realm, name);
                if (scope != null) {
                    client.addClientScope(scope, false);
                }
            }
        }
        // offline tokens are refresh tokens: not for these clients
        client.getClientScopes(false).values().stream()
                .filter(s -> "offline_access".equals(s.getName())).toList()
                .forEach(client::removeClientScope);
    }
}
