package example.mcpauth.keycloak.it;

import example.mcpauth.testsupport.Http;
import example.mcpauth.testsupport.KeycloakAdmin;
import example.mcpauth.testsupport.OAuthClient;
import example.mcpauth.testsupport.Stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/** Anonymous Dynamic Client Registration with the seed's policy. */
class RegistrationIT {

    private final Http http = new Http();
    private final KeycloakAdmin admin = new KeycloakAdmin();

    @Test
    void loopbackClientRegistersAndGetsThePolicy() {
        OAuthClient client = OAuthClient.register("MCP Inspector");
        JsonNode stored = admin.client(client.clientId);
        assertThat(stored.path("name").asText()).isEqualTo("MCP Inspector");
        assertThat(stored.path("publicClient").asBoolean()).isTrue();
        assertThat(stored.path("consentRequired").asBoolean()).isTrue();
        assertThat(stored.path("directAccessGrantsEnabled").asBoolean()).isFalse();
        // CORS for the token endpoint: only the redirect URI's origin
        assertThat(stored.path("webOrigins").toString()).isEqualTo("[\"http://127.0.0.1:29250\"]");
        JsonNode attributes = stored.path("attributes");
        assertThat(attributes.path("pkce.code.challenge.method").asText()).isEqualTo("S256");
        assertThat(attributes.path("use.refresh.tokens").asText()).isEqualTo("false");
        assertThat(attributes.path("client_type").asText()).isEqualTo("mcp");
        assertThat(attributes.path("client_assurance_level").asText()).isEqualTo("1");
        // the MCP scope is a default scope: its audience mappers make aud = the MCP server
        List<String> defaults = admin.defaultScopes(stored.path("id").asText()).findValuesAsText("name");
        assertThat(defaults).contains(Stack.get("STOCKS_SCOPE"));
        assertThat(stored.path("optionalClientScopes").toString()).doesNotContain("offline_access");
        // registered with the read scope only, it may still ask for the trade scope later (step-up)
        assertThat(admin.optionalScopes(stored.path("id").asText())).contains(Stack.get("STOCKS_TRADE_SCOPE"))
                .doesNotContain("offline_access");
    }

    @Test
    void httpsRedirectUriIsAccepted() {
        var response = http.postJson(OAuthClient.registrationEndpoint(), Map.of(
                "client_name", "Hosted agent", "redirect_uris", List.of("https://agent.example/oauth/callback"),
                "token_endpoint_auth_method", "none"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(Http.json(response).path("grant_types").toString()).doesNotContain("refresh_token");
    }

    @Test
    void nonLoopbackHttpRedirectUriIsRefused() {
        var response = http.postJson(OAuthClient.registrationEndpoint(), Map.of(
                "client_name", "Evil", "redirect_uris", List.of("http://evil.example/callback"),
                "token_endpoint_auth_method", "none"));
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = Http.json(response);
        assertThat(error.path("error").asText()).isEqualTo("invalid_redirect_uri");
        assertThat(error.path("error_description").asText()).contains("http://evil.example/callback");
    }

    @Test
    void keycloakOwnFormatRegistrationIsSwitchedOff() {
        var response = http.postJson(Stack.issuer() + "/clients-registrations/default", Map.of(
                "clientId", "sneaky", "redirectUris", List.of("http://127.0.0.1/cb"),
                "attributes", Map.of("client.introspection.response.allow.jwt.claim.enabled", "true")));
        assertThat(response.statusCode()).isEqualTo(404);
    }
}
