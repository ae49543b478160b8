package example.mcpauth.keycloak.it;

import example.mcpauth.testsupport.Http;
import example.mcpauth.testsupport.Inbox;
import example.mcpauth.testsupport.KeycloakAdmin;
import example.mcpauth.testsupport.OAuthClient;
import example.mcpauth.testsupport.Stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Keycloak's admin REST API for the brute-force and revocation tests: users, consents, sessions,
 * brute-force status and stored events (beside test-support's {@link KeycloakAdmin}, which looks at clients and the
 * authenticator's config).
 */
final class AdminApi {

    private final Http http = new Http();
    private final String realmUrl = Stack.get("KEYCLOAK_URL") + "/admin/realms/" + Stack.get("REALM");

    private String bearer() {
        var response = http.postForm(Stack.get("KEYCLOAK_URL") + "/realms/master/protocol/openid-connect/token", Http.params(
                "grant_type", "password", "client_id", "admin-cli",
                "username", Stack.get("KEYCLOAK_ADMIN_USER"), "password", Stack.get("KEYCLOAK_ADMIN_PASSWORD")));
        assertThat(response.statusCode()).as("admin login").isEqualTo(200);
        return "Bearer " + Http.json(response).path("access_token").asText();
    }

    static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Creates an enabled user (region USA) who signs in with the emailed code; returns its id. */
    String createUser(String email) {
        HttpResponse<String> response = http.postJson(realmUrl + "/users", Map.of(
                "username", email, "email", email, "emailVerified", true, "enabled", true,
                "attributes", Map.of("region", List.of("USA"))), "Authorization", bearer());
        assertThat(response.statusCode()).as("create user: %s", response.body()).isEqualTo(201);
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** A user made for one test (email {@code <prefix>-<random>@demo.example}), deleted on close. */
    record TestUser(AdminApi admin, String email, String id) implements AutoCloseable {
        @Override
        public void close() {
            admin.deleteUser(id);
        }
    }

    TestUser newUser(String prefix) {
        String email = prefix + "-" + OAuthClient.randomToken().substring(0, 8).toLowerCase() + "@demo.example";
        return new TestUser(this, email, createUser(email));
    }

    void deleteUser(String userId) {
        http.delete(realmUrl + "/users/" + userId, "Authorization", bearer());
    }

    String userIdByEmail(String email) {
        JsonNode users = Http.json(http.get(realmUrl + "/users?exact=true&email=" + encode(email), "Authorization", bearer()));
        assertThat(users.size()).as("users with email %s", email).isEqualTo(1);
        return users.get(0).path("id").asText();
    }

    /** DELETE users/{id}/consents/{clientId}: the admin revokes the user's grant to the client. */
    int revokeConsent(String userId, String clientId) {
        return http.delete(realmUrl + "/users/" + userId + "/consents/" + encode(clientId), "Authorization", bearer()).statusCode();
    }

    /** POST users/{id}/logout: the admin signs the user out of every session. */
    int logoutUser(String userId) {
        return http.postJson(realmUrl + "/users/" + userId + "/logout", Map.of(), "Authorization", bearer()).statusCode();
    }

    /** The names of a client's optional client scopes (by the client's internal id). */
    List<String> optionalScopes(String clientInternalId) {
        return Http.json(http.get(realmUrl + "/clients/" + clientInternalId + "/optional-client-scopes", "Authorization", bearer()))
                .findValuesAsText("name");
    }

    JsonNode bruteForceStatus(String userId) {
        return Http.json(http.get(realmUrl + "/attack-detection/brute-force/users/" + userId, "Authorization", bearer()));
    }

    /** Waits (up to 20 s) until the brute-force status matches: the protector records failures in the background. */
    JsonNode awaitBruteForceStatus(String userId, Predicate<JsonNode> condition) {
        long deadline = System.currentTimeMillis() + 20_000;
        JsonNode status = bruteForceStatus(userId);
        while (!condition.test(status) && System.currentTimeMillis() < deadline) {
            Inbox.sleep(200);
            status = bruteForceStatus(userId);
        }
        return status;
    }

    /** DELETE attack-detection/brute-force/users/{id}: the admin lifts the lock. */
    int clearBruteForce(String userId) {
        return http.delete(realmUrl + "/attack-detection/brute-force/users/" + userId, "Authorization", bearer()).statusCode();
    }

    /** The realm's stored events of one type for the user (newest first). */
    List<JsonNode> events(String userId, String type) {
        JsonNode events = Http.json(http.get(realmUrl + "/events?max=100&type=" + type + "&user=" + userId, "Authorization", bearer()));
        List<JsonNode> list = new ArrayList<>();
        events.forEach(list::add);
        return list;
    }

    /** Waits (up to 20 s) until the user has at least {@code count} stored events of the type. */
    List<JsonNode> awaitEvents(String userId, String type, int count) {
        long deadline = System.currentTimeMillis() + 20_000;
        List<JsonNode> events = events(userId, type);
        while (events.size() < count && System.currentTimeMillis() < deadline) {
            Inbox.sleep(200);
            events = events(userId, type);
        }
        return events;
    }
}
