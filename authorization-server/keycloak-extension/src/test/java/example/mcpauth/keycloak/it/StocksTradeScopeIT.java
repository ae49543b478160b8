package example.mcpauth.keycloak.it;

import example.mcpauth.testsupport.Html;
import example.mcpauth.testsupport.Http;
import example.mcpauth.testsupport.Inbox;
import example.mcpauth.testsupport.KeycloakAdmin;
import example.mcpauth.testsupport.OAuthClient;
import example.mcpauth.testsupport.Stack;
import example.mcpauth.testsupport.StackTokens;

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

    /**
     * A public MCP client registered by DCR with this scope, for the code grant alone, as an agent that
     * steps up registers: one browser (cookie jar) for all its sign-ins, so that a second authorization
     * request is answered from the SSO session.
     */
    private static OAuthClient register(String name, String scope) {
        return OAuthClient.register(name, OAuthClient.REDIRECT_URI, scope, List.of("authorization_code"));
    }

    /** The space-separated {@code scope} claim of a JWT, as a list. */
    private static List<String> scopes(JsonNode claims) {
        return List.of(claims.path("scope").asText().split(" "));
    }

    /** An exchanged token's claims (the exchange answered 200). */
    private static JsonNode exchanged(String subjectToken, String scope) {
        HttpResponse<String> response = StackTokens.exchange(subjectToken, scope);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.jwtClaims(Http.json(response).path("access_token").asText());
    }

    @Test
    void aClientRegisteredForBothScopesGetsBothAfterTheUserConsents() {
        OAuthClient client = register("Trading Agent", both);
        JsonNode stored = new KeycloakAdmin().client(client.clientId);
        String id = stored.path("id").asText();
        assertThat(new KeycloakAdmin().defaultScopes(id).findValuesAsText("name")).contains(read).doesNotContain(trade);
        assertThat(new KeycloakAdmin().optionalScopes(id)).contains(trade);

        HttpResponse<String> consent = client.withScope(both).signIn(inbox, JOHN);
        assertThat(consent.statusCode()).isEqualTo(200);
        assertThat(Html.consentScopes(consent.body())).containsExactly(READ_TEXT, TRADE_TEXT);

        JsonNode tokens = client.redeemRedirect(client.approve(consent));
        assertThat(tokens.has("refresh_token")).isFalse();
        String accessToken = tokens.path("access_token").asText();
        assertThat(scopes(Http.jwtClaims(accessToken))).contains(read, trade);
        assertThat(tokens.path("scope").asText().split(" ")).contains(read, trade);

        // the gateway's JWT for the MCP server carries both, with the read scope's audience and claims
        String gatewayJwt = introspectedJwt(accessToken);
        JsonNode jwt = Http.jwtClaims(gatewayJwt);
        assertThat(scopes(jwt)).contains(read, trade);
        assertThat(jwt.path("aud").toString()).contains("\"" + Stack.get("MCP_RESOURCE") + "\"");
        assertThat(jwt.path("region").asText()).isEqualTo("USA");
        assertThat(jwt.path("client_type").asText()).isEqualTo("mcp");
        assertThat(jwt.path("azp").asText()).isEqualTo(client.clientId);

        // the MCP server asks the order tool's scopes: the API token has both
        JsonNode api = exchanged(gatewayJwt, both);
        assertThat(scopes(api)).containsExactlyInAnyOrder(read, trade);
        assertThat(audiences(api)).containsExactly(Stack.get("STOCKS_API_AUDIENCE"));
        assertThat(api.path("sub").asText()).isEqualTo(jwt.path("sub").asText());
        assertThat(api.path("region").asText()).isEqualTo("USA");
        assertThat(api.path("client_type").asText()).isEqualTo("mcp");
        assertThat(api.path("client_assurance_level").asInt()).isEqualTo(1);

        // ... and the read tool's scope only: the API token has only that one
        JsonNode readOnly = exchanged(gatewayJwt, read);
        assertThat(scopes(readOnly)).containsExactly(read);
    }

    @Test
    void aReadOnlyClientStepsUpAndTheConsentPageShowsOnlyTheNewScope() {
        // registered with the resource metadata's scope, as MCP clients do
        OAuthClient client = register("Claude", read);
        HttpResponse<String> firstConsent = client.withScope(read).signIn(inbox, JOHN);
        assertThat(Html.consentScopes(firstConsent.body())).containsExactly(READ_TEXT);
        String readToken = client.redeemRedirect(client.approve(firstConsent)).path("access_token").asText();
        assertThat(scopes(StackTokens.introspectedClaims(readToken))).contains(read).doesNotContain(trade);

        // a subject token without the trade scope: the MCP server cannot get it for the API
        HttpResponse<String> refused = StackTokens.exchange(introspectedJwt(readToken), both);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode error = Http.json(refused);
        assertThat(error.path("error").asText()).isEqualTo("invalid_scope");
        assertThat(error.path("error_description").asText()).contains(trade);
        assertThat(refused.body()).doesNotContain("access_token");
        // asking the scope alone is refused the same way
        HttpResponse<String> tradeAlone = StackTokens.exchange(introspectedJwt(readToken), trade);
        assertThat(tradeAlone.statusCode()).as(tradeAlone.body()).isEqualTo(400);
        assertThat(Http.json(tradeAlone).path("error").asText()).isEqualTo("invalid_scope");

        // step-up: the client asks the union in the same browser (SSO: no email page); the consent
        // page lists only the scope the user has not granted yet
        HttpResponse<String> stepUp = client.follow(client.withScope(both).start());
        assertThat(stepUp.statusCode()).as(stepUp.body()).isEqualTo(200);
        assertThat(Html.consentScopes(stepUp.body())).containsExactly(TRADE_TEXT);
        String bothToken = client.redeemRedirect(client.approve(stepUp)).path("access_token").asText();
        JsonNode jwt = StackTokens.introspectedClaims(bothToken);
        assertThat(scopes(jwt)).contains(read, trade);
        assertThat(scopes(exchanged(introspectedJwt(bothToken), both))).containsExactlyInAnyOrder(read, trade);

        // both granted now: the next request for both is answered without a consent page
        HttpResponse<String> again = client.follow(client.start());
        assertThat(again.statusCode()).as("no consent page:\n%s", again.body()).isEqualTo(302);
        assertThat(scopes(Http.jwtClaims(client.redeemRedirect(again).path("access_token").asText()))).contains(read, trade);
    }

    /** The introspection's {@code jwt}, which the MCP server exchanges. */
    private static String introspectedJwt(String accessToken) {
        JsonNode result = StackTokens.introspect(accessToken);
        assertThat(result.path("active").asBoolean()).as("introspection: %s", result).isTrue();
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
