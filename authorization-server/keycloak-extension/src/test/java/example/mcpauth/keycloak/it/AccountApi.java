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
        return new Http().delete(applications + "/" + AdminApi.encode(clientId) + "/consent",
                "Authorization", bearer, "Accept", "application/json");
    }

    /** An access token of Keycloak's account-console client, by the code flow with PKCE in a signed-in browser. */
    static String accountConsoleToken(Http browser) {
        String redirect = Stack.issuer() + "/account/";
        String verifier = OAuthClient.randomToken();
        HttpResponse<String> authorize = browser.get(Stack.issuer() + "/protocol/openid-connect/auth?" + Http.form(Http.params(
                "response_type", "code", "client_id", "account-console", "scope", "openid", "redirect_uri", redirect,
                "state", OAuthClient.randomToken(), "code_challenge", OAuthClient.s256(verifier), "code_challenge_method", "S256")));
        assertThat(authorize.statusCode()).as(authorize.body()).isEqualTo(302);
        String code = Http.query(authorize.headers().firstValue("Location").orElseThrow()).get("code");
        HttpResponse<String> token = new Http().postForm(Stack.get("AS_TOKEN_ENDPOINT"), Http.params(
                "grant_type", "authorization_code", "code", code, "redirect_uri", redirect,
                "client_id", "account-console", "code_verifier", verifier));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return Http.json(token).path("access_token").asText();
    }
}
