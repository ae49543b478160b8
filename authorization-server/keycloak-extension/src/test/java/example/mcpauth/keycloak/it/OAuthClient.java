package example.mcpauth.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A public MCP client registered through anonymous DCR, driving the authorization code flow with
 * PKCE over plain HTTP like a browser would (own cookie jar per login).
 */
final class OAuthClient {

    static final String REDIRECT_URI = "http://127.0.0.1:29250/oauth/callback";
    private static final SecureRandom RANDOM = new SecureRandom();

    final String clientId;
    final String name;
    Http browser = new Http();
    String verifier;
    String state;

    private OAuthClient(String clientId, String name) {
        this.clientId = clientId;
        this.name = name;
    }

    static String registrationEndpoint() {
        return Stack.issuer() + "/clients-registrations/openid-connect";
    }

    /** Registers like MCP Inspector does (it asks for refresh tokens; the policy decides). */
    static OAuthClient register(String name) {
        HttpResponse<String> response = new Http().postJson(registrationEndpoint(), Map.of(
                "client_name", name,
                "redirect_uris", List.of(REDIRECT_URI),
                "token_endpoint_auth_method", "none",
                "grant_types", List.of("authorization_code", "refresh_token"),
                "response_types", List.of("code"),
                "scope", Stack.get("STOCKS_SCOPE"),
                "application_type", "native"));
        assertThat(response.statusCode()).as("DCR: %s", response.body()).isEqualTo(201);
        return new OAuthClient(Http.json(response).path("client_id").asText(), name);
    }

    /** A fresh browser (no SSO cookie) for the next login. */
    OAuthClient newBrowser() {
        browser = new Http();
        return this;
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The authorization request URL; pkceMethod null leaves PKCE out. */
    String authorizationUrl(String redirectUri, String pkceMethod) {
        verifier = randomToken();
        state = randomToken();
        Map<String, String> params = Http.params(
                "response_type", "code",
                "client_id", clientId,
                "redirect_uri", redirectUri,
                "scope", Stack.get("STOCKS_SCOPE"),
                "state", state,
                "resource", Stack.get("MCP_RESOURCE"),
                "code_challenge", pkceMethod == null ? null : ("plain".equals(pkceMethod) ? verifier : s256(verifier)),
                "code_challenge_method", pkceMethod);
        return Stack.issuer() + "/protocol/openid-connect/auth?" + params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Opens the authorization endpoint and returns the response (the email page on success). */
    HttpResponse<String> start() {
        return browser.get(authorizationUrl(REDIRECT_URI, "S256"));
    }

    /** Submits the email page. */
    HttpResponse<String> submitEmail(String emailPage, String email) {
        return browser.postForm(action(emailPage, "kc-email-form"), Http.params("email", email));
    }

    /** Submits the code page. */
    HttpResponse<String> submitCode(String codePage, String code) {
        return browser.postForm(action(codePage, "kc-code-form"), Http.params("code", code));
    }

    HttpResponse<String> consent(String consentPage, boolean approve) {
        return browser.postForm(action(consentPage, "kc-consent-form"), Http.params(
                "code", Html.inputValue(consentPage, "code"), approve ? "accept" : "cancel", approve ? "yes" : "no"));
    }

    /** The absolute URL of a form's action (Keycloak renders some of them host-relative). */
    static String action(String page, String formId) {
        return java.net.URI.create(Stack.get("KEYCLOAK_URL") + "/").resolve(Html.formAction(page, formId)).toString();
    }

    /** Follows redirects inside Keycloak until a page is shown or the client's redirect URI is reached. */
    HttpResponse<String> follow(HttpResponse<String> response) {
        while (response.statusCode() == 302 || response.statusCode() == 303) {
            String location = response.headers().firstValue("Location").orElseThrow();
            if (location.startsWith(REDIRECT_URI) || !location.startsWith(Stack.get("KEYCLOAK_URL"))) {
                return response;
            }
            response = browser.get(java.net.URI.create(Stack.get("KEYCLOAK_URL") + "/").resolve(location).toString());
        }
        return response;
    }

    /** Redeems an authorization code at the token endpoint with the PKCE verifier and the resource. */
    HttpResponse<String> redeem(String code) {
        return new Http().postForm(Stack.get("AS_TOKEN_ENDPOINT"), Http.params(
                "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI,
                "client_id", clientId, "code_verifier", verifier, "resource", Stack.get("MCP_RESOURCE")));
    }

    /** Logs in as the user, consents and returns the client's callback parameters. */
    Map<String, String> authorize(Inbox inbox, String email) {
        HttpResponse<String> emailPage = start();
        assertThat(emailPage.statusCode()).as(emailPage.body()).isEqualTo(200);
        List<String> seen = new java.util.ArrayList<>(inbox.mailsTo(email).stream().map(m -> m.path("id").asText()).toList());
        HttpResponse<String> codePage = submitEmail(emailPage.body(), email);
        assertThat(codePage.statusCode()).isEqualTo(200);
        String code = inbox.awaitCode(email, seen);
        HttpResponse<String> consentPage = follow(submitCode(codePage.body(), code));
        assertThat(consentPage.statusCode()).as(consentPage.body()).isEqualTo(200);
        assertThat(Html.hasId(consentPage.body(), "kc-consent-form")).as(consentPage.body()).isTrue();
        HttpResponse<String> callback = follow(consent(consentPage.body(), true));
        assertThat(callback.statusCode()).isEqualTo(302);
        return Http.query(callback.headers().firstValue("Location").orElseThrow());
    }

    /** A full login that ends with an access token. */
    JsonNode loginForToken(Inbox inbox, String email) {
        Map<String, String> callback = authorize(inbox, email);
        assertThat(callback).containsKey("code");
        HttpResponse<String> token = redeem(callback.get("code"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return Http.json(token);
    }
}
