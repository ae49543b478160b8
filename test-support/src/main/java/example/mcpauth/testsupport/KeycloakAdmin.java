package example.mcpauth.testsupport;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The stack's Keycloak admin REST API as its documented demo admin ({@code KEYCLOAK_ADMIN_USER},
 * signed in with admin-cli), for looking at and adjusting the realm {@code REALM} in tests. Each
 * call signs in afresh (admin tokens are short-lived).
 */
public final class KeycloakAdmin {

    private final Http http = new Http();
    private final String base = Stack.get("KEYCLOAK_URL");
    private final String realm = Stack.get("REALM");

    /** An admin access token of the master realm. */
    public String token() {
        HttpResponse<String> response = http.postForm(base + "/realms/master/protocol/openid-connect/token", Http.params(
                "grant_type", "password", "client_id", "admin-cli",
                "username", Stack.get("KEYCLOAK_ADMIN_USER"), "password", Stack.get("KEYCLOAK_ADMIN_PASSWORD")));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("admin sign-in answered " + response.statusCode());
        }
        return Http.json(response).path("access_token").asText();
    }

    private String realmUrl() {
        return base + "/admin/realms/" + realm;
    }

    // ---- clients ----------------------------------------------------------------------------

    /** The client representation of this clientId (an AssertionError when there is none). */
    public JsonNode client(String clientId) {
        JsonNode list = Http.json(http.get(realmUrl() + "/clients?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8),
                "Authorization", "Bearer " + token()));
        if (list.isEmpty()) {
            throw new AssertionError("client " + clientId + " does not exist");
        }
        return list.get(0);
    }

    /** The default client scopes of the client with this internal id. */
    public JsonNode defaultScopes(String internalId) {
        return Http.json(http.get(realmUrl() + "/clients/" + internalId + "/default-client-scopes",
                "Authorization", "Bearer " + token()));
    }

    /** Creates a confidential client that may only authenticate (no flows, no service account). */
    public void createConfidentialClient(String clientId, String secret) {
        HttpResponse<String> response = http.postJson(realmUrl() + "/clients", Map.of(
                "clientId", clientId, "secret", secret, "publicClient", false, "standardFlowEnabled", false,
                "serviceAccountsEnabled", false, "protocol", "openid-connect"), "Authorization", "Bearer " + token());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("could not create client " + clientId + ": " + response.statusCode());
        }
    }

    public void deleteClient(String clientId) {
        String id = client(clientId).path("id").asText();
        http.delete(realmUrl() + "/clients/" + id, "Authorization", "Bearer " + token());
    }

    // ---- the email-code authenticator -------------------------------------------------------

    /** Sets one key of the email-code authenticator's config (flow "email code browser"); returns the old value. */
    public String setEmailCodeConfig(String key, String value) {
        String t = token();
        JsonNode executions = Http.json(http.get(realmUrl() + "/authentication/flows/"
                + URLEncoder.encode("email code browser", StandardCharsets.UTF_8).replace("+", "%20")
                + "/executions", "Authorization", "Bearer " + t));
        for (JsonNode execution : executions) {
            if ("email-code-authenticator".equals(execution.path("providerId").asText())) {
                String url = realmUrl() + "/authentication/config/" + execution.path("authenticationConfig").asText();
                ObjectNode config = (ObjectNode) Http.json(http.get(url, "Authorization", "Bearer " + t));
                String old = config.path("config").path(key).asText(null);
                ((ObjectNode) config.path("config")).put(key, value);
                HttpResponse<String> response = http.putJson(url, config, "Authorization", "Bearer " + t);
                if (response.statusCode() / 100 != 2) {
                    throw new IllegalStateException("could not update the authenticator config: " + response.statusCode());
                }
                return old;
            }
        }
        throw new AssertionError("the browser flow has no email-code-authenticator");
    }

    // ---- users ------------------------------------------------------------------------------

    /** Creates (after deleting any with this email) an enabled, verified user with a region attribute. */
    public void createUser(String email, String firstName, String lastName, String region) {
        deleteUser(email);
        HttpResponse<String> r = http.postJson(realmUrl() + "/users", Map.of("username", email, "email", email,
                "firstName", firstName, "lastName", lastName, "enabled", true, "emailVerified", true,
                "attributes", Map.of("region", List.of(region))), "Authorization", "Bearer " + token());
        if (r.statusCode() != 201) {
            throw new AssertionError("creating " + email + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** Deletes the users with exactly this email (none is fine). */
    public void deleteUser(String email) {
        String t = token();
        HttpResponse<String> r = http.get(realmUrl() + "/users?exact=true&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8),
                "Authorization", "Bearer " + t);
        for (JsonNode u : Http.json(r)) {
            http.delete(realmUrl() + "/users/" + u.path("id").asText(), "Authorization", "Bearer " + t);
        }
    }
}
