package example.mcpauth.e2e;

import example.mcpauth.testsupport.Http;
import example.mcpauth.testsupport.KeycloakAdmin;
import example.mcpauth.testsupport.OAuthClient;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What must be refused end to end, through the real gateway, Keycloak and Liberty. */
class RefusalsIT {

    private static final int CALLBACK_PORT = 18479;
    private static final String ASIA_USER = "amy.asia@demo.example";
    /** Every token these tests held: none may appear in any log of the stack. */
    private static final java.util.Set<String> SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Each test registers its own client, so that consent is asked every time. */
    private OAuthClient client;

    @BeforeEach
    void register() throws Exception {
        client = OAuthClient.register("E2E refusal checks", "http://127.0.0.1:" + CALLBACK_PORT + "/callback");
    }

    @AfterAll
    static void tearDown() throws Exception {
        new KeycloakAdmin().deleteUser(ASIA_USER);
        LogHygiene.assertNoneLogged(SEEN);
    }

    private static String seen(String token) {
        SEEN.add(token);
        return token;
    }

    /** Signs in with a fresh browser (no SSO cookie), approves consent, redeems the code. */
    private String signIn(String user) throws Exception {
        try (Browser browser = new Browser(E2e.workDir("refusals"), null)) {
            String landed = browser.signIn(client.authorizationUrl(), user, E2e.inbox(), Browser.Consent.APPROVE, null);
            return seen(client.redeemRedirect(landed).path("access_token").asText());
        }
    }

    @Test
    void consentDeniedGivesNoCodeAndNoToken() throws Exception {
        String landed;
        try (Browser browser = new Browser(E2e.workDir("refusals"), E2e.evidence())) {
            landed = browser.signIn(client.authorizationUrl(), E2e.JOHN, E2e.inbox(), Browser.Consent.DENY,
                    "consent-denied");
        }
        Map<String, String> q = Http.query(landed);
        assertThat(q).containsEntry("error", "access_denied").doesNotContainKey("code");
    }

    @Test
    void revokedTokenGetsTheChallengeAndTheUserCanSignInAgain() throws Exception {
        String token = signIn(E2e.JOHN);
        client.revoke(token);
        HttpResponse<String> refused = McpHttp.initialize(E2e.stack().mcpUrl(), token);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElse(""))
                .startsWith("Bearer ")
                .contains("resource_metadata=\"" + E2e.stack().gatewayUrl() + "/.well-known/oauth-protected-resource/mcp\"")
                .contains("scope=\"stocks/read\"");

        String fresh = signIn(E2e.JOHN);
        HttpResponse<String> ok = McpHttp.callFetchStockPrices(E2e.stack().mcpUrl(), fresh);
        assertThat(ok.statusCode()).isEqualTo(200);
        E2e.assertUsaStocks(McpHttp.message(ok));
    }

    @Test
    void aTokenMintedForTheApiIsRefusedByTheMcpServer() throws Exception {
        String opaque = signIn(E2e.JANE);
        String apiToken = seen(Tokens.exchangeForApi(seen(Tokens.introspectToJwt(opaque))));
        // through the gateway: not a token the gateway may introspect for the MCP server
        HttpResponse<String> viaGateway = McpHttp.initialize(E2e.stack().mcpUrl(), apiToken);
        assertThat(viaGateway.statusCode()).isEqualTo(401);
        assertThat(viaGateway.headers().firstValue("WWW-Authenticate").orElse("")).contains("resource_metadata=");
        // straight to Liberty, past the gateway: the MCP server's audience check refuses it
        HttpResponse<String> direct = McpHttp.initialize(E2e.stack().libertyUrl() + "/mcp", apiToken);
        assertThat(direct.statusCode()).isEqualTo(401);
        assertThat(direct.headers().firstValue("WWW-Authenticate").orElse(""))
                .contains("error=\"invalid_token\"").contains("resource_metadata=");
        assertThat(direct.body()).doesNotContain("Exception", "at com.", "at io.");
    }

    @Test
    void aUserWhoseRegionHasNoStocksGetsAnEmptyListNotAnError() throws Exception {
        new KeycloakAdmin().createUser(ASIA_USER, "Amy", "Asia", "Asia");
        String token = signIn(ASIA_USER);
        HttpResponse<String> r = McpHttp.callFetchStockPrices(E2e.stack().mcpUrl(), token);
        assertThat(r.statusCode()).isEqualTo(200);
        String message = McpHttp.message(r);
        JsonNode result = Http.JSON.readTree(message).path("result");
        assertThat(result.path("isError").asBoolean(false)).as(message).isFalse();
        assertThat(E2e.symbols(message)).as("stock symbols in %s", message).isEmpty();
    }

    @Test
    void placingAnOrderStepsUpToTheTradeScopeAndTheApiStillRefusesTheWeakAgent() throws Exception {
        String readOnly = signIn(E2e.JOHN);
        String order = """
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"place-stock-order","arguments":{"symbol":"COM1","quantity":10}}}""";
        // 1. the tool needs stocks/read stocks/trade: one 403 challenge naming every scope the call needs
        HttpResponse<String> stepUp = McpHttp.post(E2e.stack().mcpUrl(), readOnly, order);
        assertThat(stepUp.statusCode()).as(stepUp.body()).isEqualTo(403);
        String challenge = stepUp.headers().firstValue("WWW-Authenticate").orElse("");
        assertThat(challenge).contains("error=\"insufficient_scope\"").contains("scope=\"stocks/read stocks/trade\"")
                .contains("resource_metadata=\"" + E2e.stack().get("GATEWAY_URL") + "/.well-known/oauth-protected-resource")
                .doesNotContain("offline_access");
        // 2. the client signs in again for the union of what it holds and what the challenge names
        String both;
        try (Browser browser = new Browser(E2e.workDir("refusals"), null)) {
            String landed = browser.signIn(client.withScope("stocks/read stocks/trade").authorizationUrl(), E2e.JOHN,
                    E2e.inbox(), Browser.Consent.APPROVE, null);
            both = seen(client.redeemRedirect(landed).path("access_token").asText());
        } finally {
            client.withScope(null);
        }
        // 3. the retry reaches the API, whose assurance rule still refuses an assurance-1 AI client, with its reason
        HttpResponse<String> retry = McpHttp.post(E2e.stack().mcpUrl(), both, order);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        JsonNode result = Http.JSON.readTree(McpHttp.message(retry)).path("result");
        assertThat(result.path("isError").asBoolean()).as(retry.body()).isTrue();
        assertThat(result.path("content").get(0).path("text").asText())
                .contains("403").contains("client assurance level").doesNotContain("Exception");
        // the API directly, with the exchanged token for both scopes: the same refusal, while reading works
        String apiToken = seen(Tokens.exchangeForApi(seen(Tokens.introspectToJwt(both)), "stocks/read stocks/trade"));
        HttpResponse<String> direct = McpHttp.HTTP.send(HttpRequest.newBuilder(
                        URI.create(E2e.stack().stocksApiUrl() + "/orders"))
                .header("Authorization", "Bearer " + apiToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"symbol\":\"COM1\",\"quantity\":10}")).build());
        assertThat(direct.statusCode()).isEqualTo(403);
        assertThat(Http.json(direct).path("code").asText()).isEqualTo("insufficient_client_assurance");
        HttpResponse<String> read = McpHttp.HTTP.send(HttpRequest.newBuilder(
                        URI.create(E2e.stack().stocksApiUrl() + "/stocks"))
                .header("Authorization", "Bearer " + apiToken).GET().build());
        assertThat(read.statusCode()).isEqualTo(200);
        E2e.assertUsaStocks(read.body());
    }

}
