package example.mcpauth.keycloak.it;

import example.mcpauth.testsupport.Html;
import example.mcpauth.testsupport.Http;
import example.mcpauth.testsupport.Inbox;
import example.mcpauth.testsupport.KeycloakAdmin;
import example.mcpauth.testsupport.OAuthClient;
import example.mcpauth.testsupport.Stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * The whole flow over HTTP: email, code from the inbox, consent, code, token with PKCE and
 * resource; phantom token; gateway introspection with the jwt; token exchange to the API.
 */
class CodeFlowIT {

    private static final String JOHN = "john.doe@demo.example";
    private static final String JANE = "jane.test@demo.example";

    private final Inbox inbox = new Inbox();

    private HttpResponse<String> introspect(String clientId, String secret, String token) {
        return new Http().postForm(Stack.get("AS_INTROSPECTION_ENDPOINT"), Http.params("token", token),
                "Authorization", Http.basic(clientId, secret), "Accept", "application/jwt");
    }

    @Test
    void loginConsentTokenIntrospectionAndExchange() {
        OAuthClient client = OAuthClient.register("MCP Inspector");

        HttpResponse<String> emailPage = client.start();
        assertThat(emailPage.statusCode()).isEqualTo(200);
        assertThat(Html.text(emailPage.body(), "kc-client-request")).isEqualTo("MCP Inspector is requesting access");
        java.util.List<String> seen = new java.util.ArrayList<>(inbox.mailsTo(JOHN).stream().map(m -> m.path("id").asText()).toList());
        HttpResponse<String> codePage = client.submitEmail(emailPage.body(), JOHN);
        assertThat(Html.hasId(codePage.body(), "kc-email-code-sent")).isTrue();
        String code = inbox.awaitCode(JOHN, seen);
        HttpResponse<String> consentPage = client.follow(client.submitCode(codePage.body(), code));
        assertThat(consentPage.statusCode()).isEqualTo(200);
        String consent = consentPage.body();
        assertThat(Html.text(consent, "kc-client-request")).isEqualTo("MCP Inspector is requesting access");
        assertThat(Html.text(consent, "kc-consent-summary")).contains("MCP Inspector").contains("stock data for your region");
        assertThat(consent).doesNotContain("client_type").doesNotContain("client_assurance_level");

        HttpResponse<String> callback = client.follow(client.consent(consent, true));
        assertThat(callback.statusCode()).isEqualTo(302);
        Map<String, String> params = Http.query(callback.headers().firstValue("Location").orElseThrow());
        assertThat(params.get("iss")).isEqualTo(Stack.issuer());
        assertThat(params.get("state")).isEqualTo(client.state);

        HttpResponse<String> tokenResponse = client.redeem(params.get("code"));
        assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
        JsonNode tokens = Http.json(tokenResponse);
        assertThat(tokens.has("refresh_token")).isFalse();
        // expires_in is counted from the moment of the response, so it may already be a second short
        assertThat(tokens.path("expires_in").asInt()).isBetween(890, 900);

        // phantom token: no subject, no personal claims, no audience
        String accessToken = tokens.path("access_token").asText();
        JsonNode phantom = Http.jwtClaims(accessToken);
        assertThat(phantom.has("sub")).isFalse();
        assertThat(phantom.has("region")).isFalse();
        assertThat(phantom.has("email")).isFalse();
        assertThat(phantom.has("aud")).isFalse();
        assertThat(phantom.path("exp").asLong() - phantom.path("iat").asLong()).as("realm access token lifespan").isEqualTo(900);
        assertThat(phantom.path("scope").asText().split(" ")).contains(Stack.get("STOCKS_SCOPE"));

        // the gateway introspects and receives the full JWT for the MCP server
        HttpResponse<String> introspection = introspect(Stack.get("GATEWAY_CLIENT_ID"), Stack.get("GATEWAY_CLIENT_SECRET"), accessToken);
        assertThat(introspection.statusCode()).isEqualTo(200);
        JsonNode result = Http.json(introspection);
        assertThat(result.path("active").asBoolean()).isTrue();
        String jwt = result.path("jwt").asText();
        assertThat(jwt).isNotEmpty();
        JsonNode full = Http.jwtClaims(jwt);
        assertThat(full.path("iss").asText()).isEqualTo(Stack.issuer());
        assertThat(full.path("sub").asText()).isNotEmpty();
        assertThat(full.path("aud").toString()).contains("\"" + Stack.get("MCP_RESOURCE") + "\"");
        assertThat(full.path("scope").asText().split(" ")).contains(Stack.get("STOCKS_SCOPE"));
        assertThat(full.path("region").asText()).isEqualTo("USA");
        assertThat(full.path("client_type").asText()).isEqualTo("mcp");
        assertThat(full.path("client_assurance_level").isInt()).isTrue();
        assertThat(full.path("client_assurance_level").asInt()).isEqualTo(1);
        assertThat(full.path("azp").asText()).isEqualTo(client.clientId);

        // the MCP server exchanges the JWT for an API token
        HttpResponse<String> exchange = new Http().postForm(Stack.get("AS_TOKEN_ENDPOINT"), Http.params(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "client_id", Stack.get("MCP_SERVER_CLIENT_ID"), "client_secret", Stack.get("MCP_SERVER_CLIENT_SECRET"),
                "subject_token", jwt, "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "audience", Stack.get("STOCKS_API_AUDIENCE"), "scope", Stack.get("STOCKS_SCOPE")));
        assertThat(exchange.statusCode()).as(exchange.body()).isEqualTo(200);
        JsonNode api = Http.jwtClaims(Http.json(exchange).path("access_token").asText());
        assertThat(api.path("aud").isTextual() ? api.path("aud").asText() : api.path("aud").get(0).asText())
                .isEqualTo(Stack.get("STOCKS_API_AUDIENCE"));
        assertThat(api.path("aud").toString()).doesNotContain(Stack.get("MCP_RESOURCE") + "\"");
        assertThat(api.path("sub").asText()).isEqualTo(full.path("sub").asText());
        assertThat(api.path("region").asText()).isEqualTo("USA");
        assertThat(api.path("scope").asText().split(" ")).contains(Stack.get("STOCKS_SCOPE"));
        assertThat(api.path("client_type").asText()).isEqualTo("mcp");
        assertThat(api.path("client_assurance_level").asInt()).isEqualTo(1);
    }

    @Test
    void janeGetsHerRegion() {
        OAuthClient client = OAuthClient.register("Claude");
        JsonNode tokens = client.loginForToken(inbox, JANE);
        HttpResponse<String> introspection = introspect(Stack.get("GATEWAY_CLIENT_ID"), Stack.get("GATEWAY_CLIENT_SECRET"),
                tokens.path("access_token").asText());
        JsonNode full = Http.jwtClaims(Http.json(introspection).path("jwt").asText());
        assertThat(full.path("region").asText()).isEqualTo("Europe");
    }

    @Test
    void aClientOutsideTheAudienceLearnsNothing() {
        OAuthClient client = OAuthClient.register("MCP Inspector");
        String accessToken = client.loginForToken(inbox, JOHN).path("access_token").asText();
        String outsider = "outsider-" + OAuthClient.randomToken().substring(0, 8).toLowerCase();
        String secret = OAuthClient.randomToken();
        KeycloakAdmin admin = new KeycloakAdmin();
        admin.createConfidentialClient(outsider, secret);
        try {
            HttpResponse<String> response = introspect(outsider, secret, accessToken);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode result = Http.json(response);
            assertThat(result.path("active").asBoolean()).isFalse();
            assertThat(result.has("jwt")).isFalse();
            assertThat(result.has("sub")).isFalse();
            assertThat(result.has("region")).isFalse();
        } finally {
            admin.deleteClient(outsider);
        }
    }
}
