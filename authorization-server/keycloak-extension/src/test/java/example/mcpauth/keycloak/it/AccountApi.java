package example.mcpauth.keycloak.it;

import example.mcpauth.testsupport.Http;
import example.mcpauth.testsupport.OAuthClient;
import example.mcpauth.testsupport.Stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Keycloak's account REST API as the Account Console calls it: with an access token of the
 * {@code account-console} client, got by the code flow with PKCE in a browser where the user is
 * signed in (the console's own sign-in). {@code Accept: application/json} routes
 * {@code /account/...} to the REST API rather than to the console's page.
 */
final class AccountApi {

    private final String bearer;
    private final String applications = Stack.issuer() + "/account/applications";

    /** Signs in to the Account Console in this browser (the user's SSO session answers). */
    AccountApi(Http signedInBrowser) {
        this.bearer = "Bearer " + accountConsoleToken(signedInBrowser);
    }

    /**
     * Keycloak's own public {@code account-console} client, as the console signs a user in: the code
     * flow with PKCE, scope openid, no resource; back at {@code redirectUri} below /account.
     */
    static OAuthClient console(String redirectUri) {
        return OAuthClient.of("account-console", redirectUri).withScope("openid").withResource(null);
    }

    /** GET /account/applications: the applications (agents) the user allowed or uses. */
    JsonNode applications() {
        HttpResponse<String> list = new Http().get(applications, "Authorization", bearer, "Accept", "application/json");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        return Http.json(list);
    }

    /** The entry of one client in {@link #applications()}, if it is listed. */
    Optional<JsonNode> application(String clientId) {
        for (JsonNode app : applications()) {
            if (clientId.equals(app.path("clientId").asText())) {
                return Optional.of(app);
            }
        }
        return Optional.empty();
    }

    /** DELETE /account/applications/{clientId}/consent: what the console's "Remove access" does; the status. */
    HttpResponse<String> revoke(String clientId) {
        return new Http().delete(applications + "/" + Http.pathSegment(clientId) + "/consent",
                "Authorization", bearer, "Accept", "application/json");
    }

    /** An access token of Keycloak's account-console client, by the code flow with PKCE in a signed-in browser. */
    static String accountConsoleToken(Http browser) {
        OAuthClient console = console(Stack.issuer() + "/account/");
        console.browser = browser;
        HttpResponse<String> authorize = console.start();
        assertThat(authorize.statusCode()).as("answered from the SSO session: %s", authorize.body()).isEqualTo(302);
        return console.redeemRedirect(authorize).path("access_token").asText();
    }
}
