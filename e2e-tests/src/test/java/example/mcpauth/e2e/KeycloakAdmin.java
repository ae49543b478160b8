package example.mcpauth.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Keycloak's admin REST API, for users that only a test needs (e.g. a region without stocks). */
final class KeycloakAdmin {

    private KeycloakAdmin() { }

    private static String adminToken() throws Exception {
        StackSettings s = E2e.stack();
        HttpResponse<String> r = OAuthTestClient.postForm(s.keycloakUrl() + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", s.value("KEYCLOAK_ADMIN_USER"), "password", s.value("KEYCLOAK_ADMIN_PASSWORD")), null);
        if (r.statusCode() != 200) throw new AssertionError("admin sign-in answered " + r.statusCode());
        return OAuthTestClient.JSON.readTree(r.body()).path("access_token").asText();
    }

    private static String usersUrl() {
        return E2e.stack().keycloakUrl() + "/admin/realms/" + E2e.stack().realm() + "/users";
    }

    static void createUser(String email, String first, String last, String region) throws Exception {
        deleteUser(email);
        ObjectNode u = OAuthTestClient.JSON.createObjectNode();
        u.put("username", email);
        u.put("email", email);
        u.put("firstName", first);
        u.put("lastName", last);
        u.put("enabled", true);
        u.put("emailVerified", true);
        u.putObject("attributes").putArray("region").add(region);
        HttpResponse<String> r = OAuthTestClient.HTTP.send(HttpRequest.newBuilder(URI.create(usersUrl()))
                .header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(u.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new AssertionError("creating " + email + " answered " + r.statusCode() + ": " + r.body());
    }

    static void deleteUser(String email) throws Exception {
        String token = adminToken();
        HttpResponse<String> r = OAuthTestClient.HTTP.send(HttpRequest.newBuilder(URI.create(usersUrl()
                        + "?exact=true&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode u : OAuthTestClient.JSON.readTree(r.body())) {
            OAuthTestClient.HTTP.send(HttpRequest.newBuilder(URI.create(usersUrl() + "/" + u.path("id").asText()))
                    .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
    }
}
