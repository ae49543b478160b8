package example.mcpauth.keycloak.emailcode;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Registers {@link EmailCodeAuthenticator} as {@value #ID}. */
public class EmailCodeAuthenticatorFactory implements AuthenticatorFactory {

    public static final String ID = "email-code-authenticator";

    private static final EmailCodeChallenge CHALLENGE = new EmailCodeChallenge();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Email one-time code";
    }

    @Override
    /**
     * No credential category (the emailed code is not a credential the user keeps): Keycloak's
     * brute-force protector counts failures of uncategorised authenticators (of categorised ones only
     * password, otp and recovery codes), and the Account Console offers nothing to set up for it.
     */
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {
            AuthenticationExecutionModel.Requirement.REQUIRED,
            AuthenticationExecutionModel.Requirement.ALTERNATIVE,
            AuthenticationExecutionModel.Requirement.DISABLED
        };
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public String getHelpText() {
        return "Asks for an email address and sends a 6-digit one-time code to known users; "
                + "unknown addresses get the same page and no mail.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(EmailCodeAuthenticator.Settings.TTL).label("Code lifetime (seconds)")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("300")
                .helpText("How long an emailed code stays valid.").add()
                .property().name(EmailCodeAuthenticator.Settings.MAX_ATTEMPTS).label("Wrong tries before lock")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("3")
                .helpText("After this many wrong codes the code stops working.").add()
                .property().name(EmailCodeAuthenticator.Settings.RESEND).label("Resend interval (seconds)")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("30")
                .helpText("Minimum time between two codes sent in one login.").add()
                .build();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new EmailCodeAuthenticator(CHALLENGE);
    }

    @Override
    public void init(Config.Scope config) {
        // configured per realm (authenticator config)
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing
    }

    @Override
    public void close() {
        // nothing
    }
}
