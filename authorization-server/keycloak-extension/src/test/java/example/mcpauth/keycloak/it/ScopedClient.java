package example.mcpauth.keycloak.it;

import example.mcpauth.testsupport.Html;
import example.mcpauth.testsupport.Http;
import example.mcpauth.testsupport.Inbox;
import example.mcpauth.testsupport.OAuthClient;
import example.mcpauth.testsupport.Stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.jsoup.Jsoup;

/**
 * A public MCP client of the stack's Keycloak that chooses its scopes: the scope it registers with
 * (DCR {@code scope}) and the scope of each authorization request, which {@link OAuthClient} fixes
 * to {@code STOCKS_SCOPE}. One browser (cookie jar) for all its sign-ins, so that a second
 * authorization request is answered from the SSO session, as it is for a client that steps up.
 */
final class ScopedClient {

    final String clientId;
    final String name;
    final String redirectUri = OAuthClient.REDIRECT_URI;
    final Http browser = new Http();
    private String verifier;
    private String state;

    private ScopedClient(String clientId, String name) {
        this.clientId = clientId;
        this.name = name;
    }

    /** Anonymous DCR as MCP clients do it (public, PKCE, loopback redirect URI), with this {@code scope}. */
    static ScopedClient register(String name, String scope) {
        HttpResponse<String> response = new Http().postJson(OAuthClient.registrationEndpoint(), Map.of(
                "client_name", name,
                "redirect_uris", List.of(OAuthClient.REDIRECT_URI),
                "token_endpoint_auth_method", "none",
                "grant_types", List.of("authorization_code"),
                "response_types", List.of("code"),
                "scope", scope,
                "application_type", "native"));
        assertThat(response.statusCode()).as("DCR: %s", response.body()).isEqualTo(201);
        return new ScopedClient(Http.json(response).path("client_id").asText(), name);
    }

    /** Opens a new authorization request (S256, resource, new verifier and state) for these scopes. */
    HttpResponse<String> authorize(String scope) {
        verifier = OAuthClient.randomToken();
        state = OAuthClient.randomToken();
        return browser.get(Stack.issuer() + "/protocol/openid-connect/auth?" + Http.form(Http.params(
                "response_type", "code", "client_id", clientId, "redirect_uri", redirectUri, "scope", scope,
                "state", state, "resource", Stack.get("MCP_RESOURCE"),
                "code_challenge", OAuthClient.s256(verifier), "code_challenge_method", "S256")));
    }

    /** The first sign-in: email page, the code from the inbox; returns the page that follows (consent). */
    HttpResponse<String> signIn(Inbox inbox, String email, String scope) {
        HttpResponse<String> emailPage = authorize(scope);
        assertThat(emailPage.statusCode()).as(emailPage.body()).isEqualTo(200);
        assertThat(Html.hasId(emailPage.body(), "kc-email-form")).as("the email page").isTrue();
        List<String> seen = inbox.seen(email);
        HttpResponse<String> codePage = browser.postForm(OAuthClient.action(emailPage.body(), "kc-email-form"), Http.params("email", email));
        assertThat(codePage.statusCode()).as(codePage.body()).isEqualTo(200);
        String code = inbox.awaitCode(email, seen);
        return follow(browser.postForm(OAuthClient.action(codePage.body(), "kc-code-form"), Http.params("code", code)));
    }

    /** Approves the consent page; returns the redirect to the client. */
    HttpResponse<String> approve(HttpResponse<String> consentPage) {
        assertThat(Html.hasId(consentPage.body(), "kc-consent-form")).as("a consent page:\n%s", consentPage.body()).isTrue();
        Map<String, String> fields = new java.util.LinkedHashMap<>(Html.formFields(consentPage.body(), "kc-consent-form"));
        fields.put("accept", "yes");
        return follow(browser.postForm(OAuthClient.action(consentPage.body(), "kc-consent-form"), fields));
    }

    /** Redeems the code of a redirect to the client (state and iss checked) with the PKCE verifier; the token response. */
    JsonNode redeem(HttpResponse<String> callback) {
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
        Map<String, String> params = Http.query(callback.headers().firstValue("Location").orElseThrow());
        assertThat(params.get("state")).isEqualTo(state);
        assertThat(params.get("iss")).isEqualTo(Stack.issuer());
        assertThat(params).as("redirect parameters").containsKey("code");
        HttpResponse<String> token = new Http().postForm(Stack.get("AS_TOKEN_ENDPOINT"), Http.params(
                "grant_type", "authorization_code", "code", params.get("code"), "redirect_uri", redirectUri,
                "client_id", clientId, "code_verifier", verifier, "resource", Stack.get("MCP_RESOURCE")));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return Http.json(token);
    }

    /** Follows redirects inside Keycloak until a page is shown or the redirect URI is reached. */
    HttpResponse<String> follow(HttpResponse<String> response) {
        String keycloak = Stack.get("KEYCLOAK_URL");
        while (response.statusCode() == 302 || response.statusCode() == 303) {
            String location = response.headers().firstValue("Location").orElseThrow();
            if (location.startsWith(redirectUri) || !location.startsWith(keycloak)) {
                return response;
            }
            response = browser.get(URI.create(keycloak + "/").resolve(location).toString());
        }
        return response;
    }

    /** The texts of the consent page's scope list (#kc-consent-scopes), in their order. */
    static List<String> consentScopes(String consentPage) {
        return Jsoup.parse(consentPage).select("#kc-consent-scopes > li").eachText();
    }

    /** The space-separated {@code scope} claim of a JWT, as a list. */
    static List<String> scopes(JsonNode claims) {
        return List.of(claims.path("scope").asText().split(" "));
    }

    /** Gateway introspection with {@code Accept: application/jwt}: the result (its {@code active} checked by the caller). */
    static JsonNode introspect(String accessToken) {
        return Http.json(new Http().postForm(Stack.get("AS_INTROSPECTION_ENDPOINT"), Http.params("token", accessToken),
                "Authorization", Http.basic(Stack.get("GATEWAY_CLIENT_ID"), Stack.get("GATEWAY_CLIENT_SECRET")),
                "Accept", "application/jwt"));
    }

    /** The MCP server's RFC 8693 exchange of {@code subjectToken} for the API audience with {@code scope}; the raw response. */
    static HttpResponse<String> exchange(String subjectToken, String scope) {
        return new Http().postForm(Stack.get("AS_TOKEN_ENDPOINT"), Http.params(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "client_id", Stack.get("MCP_SERVER_CLIENT_ID"), "client_secret", Stack.get("MCP_SERVER_CLIENT_SECRET"),
                "subject_token", subjectToken, "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "audience", Stack.get("STOCKS_API_AUDIENCE"), "scope", scope));
    }
}
