package example.mcpauth.keycloak.it;

import example.mcpauth.testsupport.Http;
import example.mcpauth.testsupport.Inbox;
import example.mcpauth.testsupport.KeycloakAdmin;
import example.mcpauth.testsupport.Stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * The optional trade scope: MCP clients may ask for it beside the read scope (at once or by a
 * step-up sign-in), the user consents to it, the gateway's introspection JWT carries it, and the
 * MCP server's token exchange passes it on to the API only when the subject token has it.
 */
class StocksTradeScopeIT {

    private static final String JOHN = "john.doe@demo.example";
    private static final String READ_TEXT = "Read stock prices and company data for your region";
    private static final String TRADE_TEXT = "Place stock orders on your behalf";

    private final Inbox inbox = new Inbox();
    private final String read = Stack.get("STOCKS_SCOPE");
    private final String trade = Stack.get("STOCKS_TRADE_SCOPE");
    private final String both = read + " " + trade;

    /** The gateway's view of an access token: the full JWT's claims (active checked). */
    private static JsonNode gatewayJwt(String accessToken) {
        JsonNode result = ScopedClient.introspect(accessToken);
        assertThat(result.path("active").asBoolean()).as("introspection: %s", result).isTrue();
        return Http.jwtClaims(result.path("jwt").asText());
    }

    /** An exchanged token's claims (the exchange answered 200). */
    private static JsonNode exchanged(String subjectToken, String scope) {
        HttpResponse<String> response = ScopedClient.exchange(subjectToken, scope);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.jwtClaims(Http.json(response).path("access_token").asText());
    }

    @Test
    void aClientRegisteredForBothScopesGetsBothAfterTheUserConsents() {
        ScopedClient client = ScopedClient.register("Trading Agent", both);
        JsonNode stored = new KeycloakAdmin().client(client.clientId);
        String id = stored.path("id").asText();
        assertThat(new KeycloakAdmin().defaultScopes(id).findValuesAsText("name")).contains(read).doesNotContain(trade);
        assertThat(new AdminApi().optionalScopes(id)).contains(trade);

        HttpResponse<String> consent = client.signIn(inbox, JOHN, both);
        assertThat(consent.statusCode()).isEqualTo(200);
        assertThat(ScopedClient.consentScopes(consent.body())).containsExactly(READ_TEXT, TRADE_TEXT);

        JsonNode tokens = client.redeem(client.approve(consent));
        assertThat(tokens.has("refresh_token")).isFalse();
        String accessToken = tokens.path("access_token").asText();
        assertThat(ScopedClient.scopes(Http.jwtClaims(accessToken))).contains(read, trade);
        assertThat(tokens.path("scope").asText().split(" ")).contains(read, trade);

        // the gateway's JWT for the MCP server carries both, with the read scope's audience and claims
        String gatewayJwt = introspectedJwt(accessToken);
        JsonNode jwt = Http.jwtClaims(gatewayJwt);
        assertThat(ScopedClient.scopes(jwt)).contains(read, trade);
        assertThat(jwt.path("aud").toString()).contains("\"" + Stack.get("MCP_RESOURCE") + "\"");
        assertThat(jwt.path("region").asText()).isEqualTo("USA");
        assertThat(jwt.path("client_type").asText()).isEqualTo("mcp");
        assertThat(jwt.path("azp").asText()).isEqualTo(client.clientId);

        // the MCP server asks the order tool's scopes: the API token has both
        JsonNode api = exchanged(gatewayJwt, both);
        assertThat(ScopedClient.scopes(api)).containsExactlyInAnyOrder(read, trade);
        assertThat(audiences(api)).containsExactly(Stack.get("STOCKS_API_AUDIENCE"));
        assertThat(api.path("sub").asText()).isEqualTo(jwt.path("sub").asText());
        assertThat(api.path("region").asText()).isEqualTo("USA");
        assertThat(api.path("client_type").asText()).isEqualTo("mcp");
        assertThat(api.path("client_assurance_level").asInt()).isEqualTo(1);

        // ... and the read tool's scope only: the API token has only that one
        JsonNode readOnly = exchanged(gatewayJwt, read);
        assertThat(ScopedClient.scopes(readOnly)).containsExactly(read);
    }

    @Test
    void aReadOnlyClientStepsUpAndTheConsentPageShowsOnlyTheNewScope() {
        // registered with the resource metadata's scope, as MCP clients do
        ScopedClient client = ScopedClient.register("Claude", read);
        HttpResponse<String> firstConsent = client.signIn(inbox, JOHN, read);
        assertThat(ScopedClient.consentScopes(firstConsent.body())).containsExactly(READ_TEXT);
        String readToken = client.redeem(client.approve(firstConsent)).path("access_token").asText();
        assertThat(ScopedClient.scopes(gatewayJwt(readToken))).contains(read).doesNotContain(trade);

        // a subject token without the trade scope: the MCP server cannot get it for the API
        HttpResponse<String> refused = ScopedClient.exchange(introspectedJwt(readToken), both);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode error = Http.json(refused);
        assertThat(error.path("error").asText()).isEqualTo("invalid_scope");
        assertThat(error.path("error_description").asText()).contains(trade);
        assertThat(refused.body()).doesNotContain("access_token");
        // asking the scope alone is refused the same way
        HttpResponse<String> tradeAlone = ScopedClient.exchange(introspectedJwt(readToken), trade);
        assertThat(tradeAlone.statusCode()).as(tradeAlone.body()).isEqualTo(400);
        assertThat(Http.json(tradeAlone).path("error").asText()).isEqualTo("invalid_scope");

        // step-up: the client asks the union in the same browser (SSO: no email page); the consent
        // page lists only the scope the user has not granted yet
        HttpResponse<String> stepUp = client.follow(client.authorize(both));
        assertThat(stepUp.statusCode()).as(stepUp.body()).isEqualTo(200);
        assertThat(ScopedClient.consentScopes(stepUp.body())).containsExactly(TRADE_TEXT);
        String bothToken = client.redeem(client.approve(stepUp)).path("access_token").asText();
        JsonNode jwt = gatewayJwt(bothToken);
        assertThat(ScopedClient.scopes(jwt)).contains(read, trade);
        assertThat(ScopedClient.scopes(exchanged(introspectedJwt(bothToken), both))).containsExactlyInAnyOrder(read, trade);

        // both granted now: the next request for both is answered without a consent page
        HttpResponse<String> again = client.follow(client.authorize(both));
        assertThat(again.statusCode()).as("no consent page:\n%s", again.body()).isEqualTo(302);
        assertThat(ScopedClient.scopes(Http.jwtClaims(client.redeem(again).path("access_token").asText()))).contains(read, trade);
    }

    /** The introspection's {@code jwt}, which the MCP server exchanges. */
    private static String introspectedJwt(String accessToken) {
        JsonNode result = ScopedClient.introspect(accessToken);
        assertThat(result.path("active").asBoolean()).isTrue();
        return result.path("jwt").asText();
    }

    private static List<String> audiences(JsonNode claims) {
        JsonNode aud = claims.path("aud");
        if (aud.isTextual()) {
            return List.of(aud.asText());
        }
        List<String> list = new java.util.ArrayList<>();
        aud.forEach(a -> list.add(a.asText()));
        return list;
    }
}
