package example.mcpauth.keycloak.it;

import example.mcpauth.testsupport.Html;
import example.mcpauth.testsupport.Http;
import example.mcpauth.testsupport.Inbox;
import example.mcpauth.testsupport.KeycloakAdmin;
import example.mcpauth.testsupport.OAuthClient;
import example.mcpauth.testsupport.Stack;
import example.mcpauth.testsupport.StackTokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Revocation in seconds: our event listener tells the gateway (here a test receiver at
 * GATEWAY_PURGE_URL) whose cached introspection results to drop, with the exact request of the
 * contract: POST to the purge path, Bearer GATEWAY_PURGE_SECRET, JSON {"sub","client_id"}.
 */
class GatewayPurgeIT {

    private static final String JOHN = "john.doe@demo.example";
    private static PurgeReceiver receiver;

    private final Inbox inbox = new Inbox();
    private final KeycloakAdmin admin = new KeycloakAdmin();

    @BeforeAll
    static void startReceiver() {
        receiver = new PurgeReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @BeforeEach
    void freshReceiver() {
        receiver.clear();
        receiver.answer(200);
    }

    /** The full token's sub and azp, as the gateway sees them (introspection, active checked). */
    private static JsonNode introspect(String accessToken) {
        return StackTokens.introspectedClaims(accessToken);
    }

    /** Signs john in with the client (consent included) and returns his sub, as the gateway's introspection shows it. */
    private String signInJohn(OAuthClient client) {
        return introspect(client.loginForToken(inbox, JOHN).path("access_token").asText()).path("sub").asText();
    }

    /** The gateway was told to purge this client of the user, by the contract's request. */
    private static void assertPurged(String sub, String clientId) {
        assertContract(receiver.await(sub, body -> clientId.equals(body.path("client_id").asText())),
                Map.of("sub", sub, "client_id", clientId));
    }

    /** The gateway was told to purge every client of the user, by the contract's request. */
    private static void assertPurgedEveryClient(String sub) {
        assertContract(receiver.await(sub, body -> !body.has("client_id")), Map.of("sub", sub));
    }

    private static void assertContract(PurgeReceiver.Request request, Map<String, String> expectedBody) {
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(URI.create(Stack.get("GATEWAY_PURGE_URL")).getPath());
        assertThat(request.authorization()).isEqualTo("Bearer " + Stack.get("GATEWAY_PURGE_SECRET"));
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(request.json()).isEqualTo(Http.JSON.valueToTree(expectedBody));
    }

    @Test
    void revokingTheGrantPurgesThatClientOfTheUser() {
        OAuthClient client = OAuthClient.register("MCP Inspector");
        JsonNode claims = introspect(client.loginForToken(inbox, JOHN).path("access_token").asText());
        String sub = claims.path("sub").asText();
        assertThat(claims.path("azp").asText()).isEqualTo(client.clientId);

        assertThat(admin.revokeConsent(sub, client.clientId)).isEqualTo(204);

        assertPurged(sub, client.clientId);
    }

    @Test
    void revokingTheAppInTheAccountConsolePurgesThatClientOfTheUser() {
        OAuthClient client = OAuthClient.register("MCP Inspector");
        String sub = signInJohn(client);

        // the Account Console signs the user in with the same browser (SSO) and calls the account REST API
        AccountApi account = new AccountApi(client.browser);
        assertThat(account.application(client.clientId)).as("the agent is listed").isPresent();
        HttpResponse<String> revoke = account.revoke(client.clientId);
        assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(204);

        assertPurged(sub, client.clientId);
    }

    @Test
    void revokingTheTokenPurgesThatClientOfTheUser() {
        OAuthClient client = OAuthClient.register("Claude");
        String accessToken = client.loginForToken(inbox, JOHN).path("access_token").asText();
        String sub = introspect(accessToken).path("sub").asText();

        client.revoke(accessToken); // RFC 7009 as the client itself; 200

        assertPurged(sub, client.clientId);
    }

    @Test
    void signingOutPurgesEveryClientOfTheUser() {
        OAuthClient client = OAuthClient.register("MCP Inspector");
        String sub = signInJohn(client);

        // RP-initiated logout in the same browser: Keycloak asks for confirmation, the user confirms
        HttpResponse<String> confirm = client.browser.get(Stack.issuer() + "/protocol/openid-connect/logout?client_id="
                + Http.pathSegment(client.clientId));
        assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
        Matcher form = Pattern.compile("<form[^>]*action=\"([^\"]*)\"").matcher(confirm.body());
        assertThat(form.find()).as(confirm.body()).isTrue();
        String action = URI.create(Stack.get("KEYCLOAK_URL") + "/").resolve(Html.unescape(form.group(1))).toString();
        HttpResponse<String> loggedOut = client.browser.postForm(action, Http.params(
                "session_code", Html.inputValue(confirm.body(), "session_code"), "confirmLogout", "Logout"));
        assertThat(loggedOut.statusCode()).isIn(200, 302);

        assertPurgedEveryClient(sub);
    }

    @Test
    void anAdminSigningTheUserOutPurgesEveryClientOfTheUser() {
        String sub = admin.userId(JOHN);
        assertThat(admin.logoutUser(sub)).isEqualTo(204);
        assertPurgedEveryClient(sub);
    }

    @Test
    void aRefusedPurgeIsCountedAndLoggedWithoutTheSecret() throws IOException {
        String sub = admin.userId(JOHN);
        double failedBefore = failedPurges();
        receiver.answer(401);
        assertThat(admin.logoutUser(sub)).isEqualTo(204);

        long deadline = System.currentTimeMillis() + 20_000;
        while (failedPurges() <= failedBefore && System.currentTimeMillis() < deadline) {
            Inbox.sleep(200);
        }
        assertThat(failedPurges()).isEqualTo(failedBefore + 1);
        Path log = Path.of(Stack.get("STACK_STATE_DIR"), "logs", "keycloak.log");
        String text = Files.readString(log);
        assertThat(text).contains("gateway purge for user " + sub + ", client (all) at " + Stack.get("GATEWAY_PURGE_URL") + " failed (HTTP 401)");
        assertThat(text).doesNotContain(Stack.get("GATEWAY_PURGE_SECRET"));
    }

    /** mcp_gateway_purge_total{outcome="failed"} from Keycloak's /metrics (management port); 0 before the first. */
    private static double failedPurges() {
        HttpResponse<String> metrics = new Http().get("http://" + Stack.get("STACK_BIND") + ":" + Stack.get("KEYCLOAK_MANAGEMENT_PORT") + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("(?m)^mcp_gateway_purge_total\\{[^}]*outcome=\"failed\"[^}]*\\}\\s+(\\S+)").matcher(metrics.body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
