package example.mcpauth.keycloak.mapper;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.OAuth2Constants;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.JsonWebToken;

/**
 * Puts an attribute of the OAuth client that the user authorized into a claim, e.g. the
 * {@code client_type} and {@code client_assurance_level} that the registration policy stamps on
 * dynamically registered clients. In a token exchange the claim describes the client the subject
 * token was issued to (its {@code azp}), not the exchanging service, so the API sees which kind of
 * client acts for the user. Clients without the attribute get no claim.
 */
public class ClientAttributeMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "oidc-client-attribute-mapper";
    public static final String CLIENT_ATTRIBUTE = "client.attribute";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        ProviderConfigProperty attribute = new ProviderConfigProperty();
        attribute.setName(CLIENT_ATTRIBUTE);
        attribute.setLabel("Client attribute");
        attribute.setHelpText("Name of the client attribute whose value becomes the claim.");
        attribute.setType(ProviderConfigProperty.STRING_TYPE);
        CONFIG.add(attribute);
        OIDCAttributeMapperHelper.addAttributeConfig(CONFIG, ClientAttributeMapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Client attribute";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Maps an attribute of the authorized client (the subject token's client in a token exchange) to a claim.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        String attribute = mappingModel.getConfig().get(CLIENT_ATTRIBUTE);
        if (attribute == null || attribute.isBlank()) {
            return;
        }
        ClientModel client = authorizedClient(session, clientSessionCtx);
        if (client == null) {
            return;
        }
        String value = client.getAttribute(attribute);
        if (value == null) {
            return;
        }
        OIDCAttributeMapperHelper.mapClaim(token, mappingModel, value);
    }

    /**
     * The client the user authorized: in a token exchange, the subject token's authorized party
     * (Keycloak has verified the subject token before it runs the mappers); otherwise the client
     * of the current client session.
     */
    static ClientModel authorizedClient(KeycloakSession session, ClientSessionContext clientSessionCtx) {
        ClientModel current = clientSessionCtx == null || clientSessionCtx.getClientSession() == null
                ? null : clientSessionCtx.getClientSession().getClient();
        String subjectAzp = tokenExchangeSubjectAzp(session);
        if (subjectAzp != null) {
            RealmModel realm = session.getContext().getRealm();
            ClientModel subjectClient = realm == null ? null : realm.getClientByClientId(subjectAzp);
            if (subjectClient != null) {
                return subjectClient;
            }
        }
        return current;
    }

    private static String tokenExchangeSubjectAzp(KeycloakSession session) {
        try {
            if (session.getContext().getHttpRequest() == null) {
                return null;
            }
            MultivaluedMap<String, String> form = session.getContext().getHttpRequest().getDecodedFormParameters();
            if (form == null || !OAuth2Constants.TOKEN_EXCHANGE_GRANT_TYPE.equals(form.getFirst(OAuth2Constants.GRANT_TYPE))) {
                return null;
            }
            String subjectToken = form.getFirst(OAuth2Constants.SUBJECT_TOKEN);
            if (subjectToken == null) {
                return null;
            }
            return new JWSInput(subjectToken).readJsonContent(JsonWebToken.class).getIssuedFor();
        } catch (Exception e) {
            return null; // not a form request or not a JWT: fall back to the current client
        }
    }
}
