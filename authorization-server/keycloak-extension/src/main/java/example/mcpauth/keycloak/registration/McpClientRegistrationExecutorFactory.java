package example.mcpauth.keycloak.registration;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** Registers {@link McpClientRegistrationExecutor} as client-policy executor {@value #PROVIDER_ID}. */
public class McpClientRegistrationExecutorFactory implements ClientPolicyExecutorProviderFactory {

    public static final String PROVIDER_ID = "mcp-client-registration";

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new McpClientRegistrationExecutor(session);
    }

    @Override
    public void init(Config.Scope config) {
        // configured per client profile
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing
    }

    @Override
    public void close() {
        // nothing
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "MCP client registration policy: https or loopback http redirect URIs only; stamps client_type and "
                + "client_assurance_level, turns refresh tokens off, requires consent, adds the MCP scopes (default and optional).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name("client-type").label("client_type").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("mcp").helpText("Value of the client_type attribute/claim.").add()
                .property().name("client-assurance-level").label("client_assurance_level")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("1")
                .helpText("Value of the client_assurance_level attribute/claim.").add()
                .property().name("allowed-http-redirect-hosts").label("Hosts allowed in http redirect URIs")
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).defaultValue("localhost##127.0.0.1")
                .helpText("http redirect URIs must use one of these hosts; https is always allowed.").add()
                .property().name("default-scope").label("Default scope").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("stocks/read").helpText("Client scope added as a default scope.").add()
                .property().name("optional-scopes").label("Optional scopes").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Client scopes added as optional scopes (the client may ask for them, e.g. at a step-up).").add()
                .build();
    }
}
