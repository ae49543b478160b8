package example.mcpauth.keycloak.it;

import example.mcpauth.testsupport.Http;
import example.mcpauth.testsupport.OAuthClient;
import example.mcpauth.testsupport.Stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/** RFC 8414 (path-inserted) and OpenID Connect discovery advertise what MCP clients need. */
class MetadataIT {

    private final Http http = new Http();

    private JsonNode fetch(String url) {
        var response = http.get(url);
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return Http.json(response);
    }

    @Test
    void oauthMetadataAtThePathInsertedUrl() {
        JsonNode md = fetch(Stack.get("KEYCLOAK_URL") + "/.well-known/oauth-authorization-server/realms/" + Stack.get("REALM"));
        assertMcpReady(md);
    }

    @Test
    void openIdConnectDiscovery() {
        JsonNode md = fetch(Stack.issuer() + "/.well-known/openid-configuration");
        assertMcpReady(md);
        assertThat(md.path("jwks_uri").asText()).isEqualTo(Stack.get("AS_JWKS_URL"));
        assertThat(md.path("introspection_endpoint").asText()).isEqualTo(Stack.get("AS_INTROSPECTION_ENDPOINT"));
    }

    private static void assertMcpReady(JsonNode md) {
        assertThat(md.path("issuer").asText()).isEqualTo(Stack.issuer());
        assertThat(md.path("token_endpoint").asText()).isEqualTo(Stack.get("AS_TOKEN_ENDPOINT"));
        assertThat(md.path("code_challenge_methods_supported").toString()).contains("\"S256\"");
        assertThat(md.path("registration_endpoint").asText()).isEqualTo(OAuthClient.registrationEndpoint());
        assertThat(md.path("client_id_metadata_document_supported").asBoolean()).isTrue();
        assertThat(md.path("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
        // the read scope, and the trade scope an agent asks for when it places orders; never
        // offline_access (MCP SDK clients would add it and be refused) nor the exchange-only scope
        java.util.List<String> scopes = new java.util.ArrayList<>();
        md.path("scopes_supported").forEach(s -> scopes.add(s.asText()));
        assertThat(scopes).contains(Stack.get("STOCKS_SCOPE"), Stack.get("STOCKS_TRADE_SCOPE"))
                .doesNotContain("offline_access", "stocks-api-audience");
    }
}
