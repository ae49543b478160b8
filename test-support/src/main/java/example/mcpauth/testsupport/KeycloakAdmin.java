package example.mcpauth.testsupport;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The stack's Keycloak admin REST API as its documented demo admin ({@code KEYCLOAK_ADMIN_USER},
 * signed in with admin-cli), for looking at and adjusting the realm {@code REALM} in tests: clients
 * and their scopes, the email-code authenticator's config, users (a user of one test's own:
 * {@link #newUser}), their consents, sessions, brute-force status and stored events. Each call signs
 * in afresh (admin tokens are short-lived).
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

    /** The names of the optional client scopes of the client with this internal id. */
    public List<String> optionalScopes(String internalId) {
        return Http.json(http.get(realmUrl() + "/clients/" + internalId + "/optional-client-scopes",
                "Authorization", "Bearer " + token())).findValuesAsText("name");
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
                + Http.pathSegment("email code browser")
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

    /**
     * Creates (after deleting any with this email) an enabled, verified user with a region attribute;
     * its id. The names may be null (none).
     */
    public String createUser(String email, String firstName, String lastName, String region) {
        deleteUser(email);
        Map<String, Object> user = new LinkedHashMap<>(Map.of("username", email, "email", email, "enabled", true,
                "emailVerified", true, "attributes", Map.of("region", List.of(region))));
        if (firstName != null) {
            user.put("firstName", firstName);
        }
        if (lastName != null) {
            user.put("lastName", lastName);
        }
        HttpResponse<String> r = http.postJson(realmUrl() + "/users", user, "Authorization", "Bearer " + token());
        if (r.statusCode() != 201) {
            throw new AssertionError("creating " + email + " answered " + r.statusCode() + ": " + r.body());
        }
        String location = r.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** A user made for one test, who signs in with the emailed code; deleted on close. */
    public record TestUser(KeycloakAdmin admin, String email, String id) implements AutoCloseable {
        @Override
        public void close() {
            admin.deleteUserById(id);
        }
    }

    /** A new user {@code <prefix>-<random>@demo.example} of region USA, without names (see {@link TestUser}). */
    public TestUser newUser(String prefix) {
        String email = prefix + "-" + Pkce.randomToken().substring(0, 8).toLowerCase(java.util.Locale.ROOT) + "@demo.example";
        return new TestUser(this, email, createUser(email, null, null, "USA"));
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

    public void deleteUserById(String userId) {
        http.delete(realmUrl() + "/users/" + userId, "Authorization", "Bearer " + token());
    }

    /** The id of the one user with exactly this email (an AssertionError when there is not exactly one). */
    public String userId(String email) {
        JsonNode users = Http.json(http.get(realmUrl() + "/users?exact=true&email=" + Http.pathSegment(email),
                "Authorization", "Bearer " + token()));
        if (users.size() != 1) {
            throw new AssertionError(users.size() + " users with email " + email);
        }
        return users.get(0).path("id").asText();
    }

    /** DELETE users/{id}/consents/{clientId}: the admin revokes the user's grant to the client; the status. */
    public int revokeConsent(String userId, String clientId) {
        return http.delete(realmUrl() + "/users/" + userId + "/consents/" + Http.pathSegment(clientId),
                "Authorization", "Bearer " + token()).statusCode();
    }

    /** POST users/{id}/logout: the admin signs the user out of every session; the status. */
    public int logoutUser(String userId) {
        return http.postJson(realmUrl() + "/users/" + userId + "/logout", Map.of(), "Authorization", "Bearer " + token()).statusCode();
    }

    // ---- brute force and events -------------------------------------------------------------

    public JsonNode bruteForceStatus(String userId) {
        return Http.json(http.get(realmUrl() + "/attack-detection/brute-force/users/" + userId, "Authorization", "Bearer " + token()));
    }

    /** Waits (up to 20 s) until the brute-force status matches (Keycloak records failures in the background); the last status. */
    public JsonNode awaitBruteForceStatus(String userId, Predicate<JsonNode> condition) {
        long deadline = System.currentTimeMillis() + 20_000;
        JsonNode status = bruteForceStatus(userId);
        while (!condition.test(status) && System.currentTimeMillis() < deadline) {
            Inbox.sleep(200);
            status = bruteForceStatus(userId);
        }
        return status;
    }

    /** DELETE attack-detection/brute-force/users/{id}: the admin lifts the lock; the status. */
    public int clearBruteForce(String userId) {
        return http.delete(realmUrl() + "/attack-detection/brute-force/users/" + userId, "Authorization", "Bearer " + token()).statusCode();
    }

    /** The realm's stored events of one type for the user (newest first, at most 100). */
    public List<JsonNode> events(String userId, String type) {
        JsonNode events = Http.json(http.get(realmUrl() + "/events?max=100&type=" + type + "&user=" + userId,
                "Authorization", "Bearer " + token()));
        List<JsonNode> list = new ArrayList<>();
        events.forEach(list::add);
        return list;
    }

    /** Waits (up to 20 s) until the user has at least {@code count} stored events of the type; the last list. */
    public List<JsonNode> awaitEvents(String userId, String type, int count) {
        long deadline = System.currentTimeMillis() + 20_000;
        List<JsonNode> events = events(userId, type);
        while (events.size() < count && System.currentTimeMillis() < deadline) {
            Inbox.sleep(200);
            events = events(userId, type);
        }
        return events;
    }
}
