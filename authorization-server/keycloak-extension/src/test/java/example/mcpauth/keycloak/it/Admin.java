package example.mcpauth.keycloak.it;

import example.mcpauth.testsupport.Http;
import example.mcpauth.testsupport.Stack;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Keycloak's admin REST API with the documented demo admin (for looking at and adjusting the realm). */
final class Admin {

    private final Http http = new Http();
    private final String base = Stack.get("KEYCLOAK_URL");
    private final String realm = Stack.get("REALM");

    private String token() {
        var response = http.postForm(base + "/realms/master/protocol/openid-connect/token", Http.params(
                "grant_type", "password", "client_id", "admin-cli",
                "username", Stack.get("KEYCLOAK_ADMIN_USER"), "password", Stack.get("KEYCLOAK_ADMIN_PASSWORD")));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("admin login failed: " + response.statusCode());
        }
        return Http.json(response).path("access_token").asText();
    }

    JsonNode client(String clientId) {
        var response = http.get(base + "/admin/realms/" + realm + "/clients?clientId="
                + URLEncoder.encode(clientId, StandardCharsets.UTF_8), "Authorization", "Bearer " + token());
        JsonNode list = Http.json(response);
        if (list.isEmpty()) {
            throw new AssertionError("client " + clientId + " does not exist");
        }
        return list.get(0);
    }

    JsonNode defaultScopes(String internalId) {
        return Http.json(http.get(base + "/admin/realms/" + realm + "/clients/" + internalId + "/default-client-scopes",
                "Authorization", "Bearer " + token()));
    }

    /** Sets one key of the email-code authenticator's config ("email code"); returns the old value. */
    String setEmailCodeConfig(String key, String value) {
        String t = token();
        JsonNode executions = Http.json(http.get(base + "/admin/realms/" + realm
                + "/authentication/flows/" + URLEncoder.encode("email code browser", StandardCharsets.UTF_8).replace("+", "%20")
                + "/executions", "Authorization", "Bearer " + t));
        for (JsonNode execution : executions) {
            if ("email-code-authenticator".equals(execution.path("providerId").asText())) {
                String configId = execution.path("authenticationConfig").asText();
                String url = base + "/admin/realms/" + realm + "/authentication/config/" + configId;
                ObjectNode config = (ObjectNode) Http.json(http.get(url, "Authorization", "Bearer " + t));
                String old = config.path("config").path(key).asText(null);
                ((ObjectNode) config.path("config")).put(key, value);
                var response = http.putJson(url, config, "Authorization", "Bearer " + t);
                if (response.statusCode() / 100 != 2) {
                    throw new IllegalStateException("could not update the authenticator config: " + response.statusCode());
                }
                return old;
            }
        }
        throw new AssertionError("the browser flow has no email-code-authenticator");
    }

    /** Creates a confidential client (service that is NOT in the tokens' audience). */
    void createConfidentialClient(String clientId, String secret) {
        var response = http.postJson(base + "/admin/realms/" + realm + "/clients", Map.of(
                "clientId", clientId, "secret", secret, "publicClient", false, "standardFlowEnabled", false,
                "serviceAccountsEnabled", false, "protocol", "openid-connect"), "Authorization", "Bearer " + token());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("could not create client " + clientId + ": " + response.statusCode());
        }
    }

    void deleteClient(String clientId) {
        String id = client(clientId).path("id").asText();
        http.delete(base + "/admin/realms/" + realm + "/clients/" + id, "Authorization", "Bearer " + token());
    }
}
