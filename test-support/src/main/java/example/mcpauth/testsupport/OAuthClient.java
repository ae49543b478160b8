package example.mcpauth.testsupport;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A public MCP client of the stack's Keycloak: registers through anonymous DCR, then runs the
 * authorization code flow with PKCE (S256) and {@code resource} either over plain HTTP as a browser
 * would (its own cookie jar; the pages' forms read with {@link Html}; the emailed code read from
 * the {@link Inbox}), or lets a real browser do the sign-in ({@link #authorizationUrl()} then
 * {@link #redeemRedirect(String)}).
 *
 * <pre>{@code
 * OAuthClient client = OAuthClient.register("MCP Inspector");
 * JsonNode tokens = client.loginForToken(new Inbox(), "john.doe@demo.example");
 * }</pre>
 *
 * Its fields are public so that tests can look at and steer each step.
 */
public final class OAuthClient {

    /** The redirect URI {@link #register(String)} registers (nothing listens there: tests read the Location). */
    public static final String REDIRECT_URI = "http://127.0.0.1:29250/oauth/callback";

    public final String clientId;
    public final String name;
    public final String redirectUri;
    /** The browser of the current sign-in ({@link #newBrowser()} starts one without cookies). */
    public Http browser = new Http();
    /** The PKCE verifier and the state of the last authorization request. */
    public String verifier;
    public String state;

    private String scope;
    private String resource = Stack.get("MCP_RESOURCE");

    private OAuthClient(String clientId, String name, String redirectUri) {
        this.clientId = clientId;
        this.name = name;
        this.redirectUri = redirectUri;
    }

    public static String registrationEndpoint() {
        return Stack.issuer() + "/clients-registrations/openid-connect";
    }

    /** Registers with {@link #REDIRECT_URI}, like MCP Inspector does (asking for refresh tokens; the policy decides). */
    public static OAuthClient register(String name) {
        return register(name, REDIRECT_URI);
    }

    /** Registers a native public client with this redirect URI (a loopback one for real browsers). */
    public static OAuthClient register(String name, String redirectUri) {
        return register(name, redirectUri, Stack.get("STOCKS_SCOPE"), List.of("authorization_code", "refresh_token"));
    }

    /**
     * Anonymous DCR of a native public client as MCP clients do it (PKCE, no secret) with this DCR
     * {@code scope} and these grant types; its authorization requests then ask for that scope.
     */
    public static OAuthClient register(String name, String redirectUri, String scope, List<String> grantTypes) {
        HttpResponse<String> response = new Http().postJson(registrationEndpoint(), Map.of(
                "client_name", name,
                "redirect_uris", List.of(redirectUri),
                "token_endpoint_auth_method", "none",
                "grant_types", grantTypes,
                "response_types", List.of("code"),
                "scope", scope,
                "application_type", "native"));
        if (response.statusCode() != 201) {
            throw new AssertionError("DCR answered " + response.statusCode() + ": " + response.body());
        }
        return new OAuthClient(Http.json(response).path("client_id").asText(), name, redirectUri).withScope(scope);
    }

    /** A public client the realm has already (e.g. Keycloak's own {@code account-console}), with its redirect URI. */
    public static OAuthClient of(String clientId, String redirectUri) {
        return new OAuthClient(clientId, clientId, redirectUri);
    }

    public String clientId() {
        return clientId;
    }

    /** The scope the next authorization requests ask for (default STOCKS_SCOPE), e.g. a step-up's union. */
    public OAuthClient withScope(String scope) {
        this.scope = scope;
        return this;
    }

    /** The {@code resource} of the authorization and token requests (default MCP_RESOURCE; null: none). */
    public OAuthClient withResource(String resource) {
        this.resource = resource;
        return this;
    }

    /** A fresh browser (no SSO cookie) for the next sign-in. */
    public OAuthClient newBrowser() {
        browser = new Http();
        return this;
    }

    /** Shorthand for {@link Pkce#randomToken()}. */
    public static String randomToken() {
        return Pkce.randomToken();
    }

    /** Shorthand for {@link Pkce#s256(String)}. */
    public static String s256(String verifier) {
        return Pkce.s256(verifier);
    }

    /** A new authorization request for this client's redirect URI with S256 (new verifier and state). */
    public String authorizationUrl() {
        return authorizationUrl(redirectUri, "S256");
    }

    /** A new authorization request; {@code pkceMethod} null leaves PKCE out, "plain" sends the verifier. */
    public String authorizationUrl(String redirectUri, String pkceMethod) {
        verifier = randomToken();
        state = randomToken();
        Map<String, String> params = Http.params(
                "response_type", "code",
                "client_id", clientId,
                "redirect_uri", redirectUri,
                "scope", scope == null ? Stack.get("STOCKS_SCOPE") : scope,
                "state", state,
                "resource", resource,
                "code_challenge", pkceMethod == null ? null : ("plain".equals(pkceMethod) ? verifier : s256(verifier)),
                "code_challenge_method", pkceMethod);
        return Stack.issuer() + "/protocol/openid-connect/auth?" + params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    // ---- sign-in over HTTP ------------------------------------------------------------------

    /** Opens the authorization endpoint and returns the response (the email page on success). */
    public HttpResponse<String> start() {
        return browser.get(authorizationUrl());
    }

    /** Submits the email page. */
    public HttpResponse<String> submitEmail(String emailPage, String email) {
        return browser.postForm(action(emailPage, "kc-email-form"), Http.params("email", email));
    }

    /** Submits the code page. */
    public HttpResponse<String> submitCode(String codePage, String code) {
        return browser.postForm(action(codePage, "kc-code-form"), Http.params("code", code));
    }

    /** Submits the consent page's form with its approve or deny button. */
    public HttpResponse<String> consent(String consentPage, boolean approve) {
        Map<String, String> fields = new java.util.LinkedHashMap<>(Html.formFields(consentPage, "kc-consent-form"));
        fields.put(approve ? "accept" : "cancel", approve ? "yes" : "no");
        return browser.postForm(action(consentPage, "kc-consent-form"), fields);
    }

    /** The absolute URL of a form's action (Keycloak renders some of them host-relative). */
    public static String action(String page, String formId) {
        return URI.create(Stack.get("KEYCLOAK_URL") + "/").resolve(Html.formAction(page, formId)).toString();
    }

    /** Follows redirects inside Keycloak until a page is shown or the client's redirect URI is reached. */
    public HttpResponse<String> follow(HttpResponse<String> response) {
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

    /**
     * Opens a new authorization request and signs the user in (the email page, the code from the
     * inbox); returns what follows inside Keycloak: the consent page, or the redirect to the client.
     */
    public HttpResponse<String> signIn(Inbox inbox, String email) {
        HttpResponse<String> emailPage = start();
        expect(emailPage, 200, "the email page");
        if (!Html.hasId(emailPage.body(), "kc-email-form")) {
            throw new AssertionError("no email form on:\n" + emailPage.body());
        }
        List<String> seen = inbox.seen(email);
        HttpResponse<String> codePage = submitEmail(emailPage.body(), email);
        expect(codePage, 200, "the code page");
        String code = inbox.awaitCode(email, seen);
        return follow(submitCode(codePage.body(), code));
    }

    /** Approves a consent page (an AssertionError when it is none); returns the redirect to the client. */
    public HttpResponse<String> approve(HttpResponse<String> consentPage) {
        expect(consentPage, 200, "the consent page");
        if (!Html.hasId(consentPage.body(), "kc-consent-form")) {
            throw new AssertionError("no consent form on:\n" + consentPage.body());
        }
        HttpResponse<String> callback = follow(consent(consentPage.body(), true));
        expect(callback, 302, "the redirect to the client");
        return callback;
    }

    /**
     * Signs the user in (email, the code from the inbox), approves consent, and returns the
     * parameters of the redirect to the client.
     */
    public Map<String, String> authorize(Inbox inbox, String email) {
        return Http.query(approve(signIn(inbox, email)).headers().firstValue("Location").orElseThrow());
    }

    /** A whole sign-in that ends with the token response. */
    public JsonNode loginForToken(Inbox inbox, String email) {
        Map<String, String> callback = authorize(inbox, email);
        if (!callback.containsKey("code")) {
            throw new AssertionError("no code in the redirect: " + callback);
        }
        HttpResponse<String> token = redeem(callback.get("code"));
        expect(token, 200, "the token endpoint");
        return Http.json(token);
    }

    // ---- tokens -----------------------------------------------------------------------------

    /** Redeems an authorization code with the PKCE verifier and the resource; the raw response. */
    public HttpResponse<String> redeem(String code) {
        return new Http().postForm(Stack.get("AS_TOKEN_ENDPOINT"), Http.params(
                "grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri,
                "client_id", clientId, "code_verifier", verifier, "resource", resource));
    }

    /**
     * Redeems the code of the URL a browser landed on after checking its {@code state} and
     * {@code iss}; returns the token response.
     */
    public JsonNode redeemRedirect(String landedUrl) {
        Map<String, String> q = Http.query(landedUrl);
        if (state == null || !state.equals(q.get("state"))) {
            throw new AssertionError("state mismatch in " + landedUrl);
        }
        if (!Stack.issuer().equals(q.get("iss"))) {
            throw new AssertionError("iss mismatch in " + landedUrl);
        }
        if (q.get("code") == null) {
            throw new AssertionError("no code in " + landedUrl);
        }
        HttpResponse<String> token = redeem(q.get("code"));
        expect(token, 200, "the token endpoint");
        return Http.json(token);
    }

    /** {@link #redeemRedirect(String)} of a 302 to the client (an AssertionError for any other answer). */
    public JsonNode redeemRedirect(HttpResponse<String> redirect) {
        expect(redirect, 302, "the redirect to the client");
        return redeemRedirect(redirect.headers().firstValue("Location").orElseThrow());
    }

    /** Revokes an access token (RFC 7009, as this public client). */
    public void revoke(String accessToken) {
        HttpResponse<String> r = new Http().postForm(Stack.issuer() + "/protocol/openid-connect/revoke",
                Http.params("token", accessToken, "token_type_hint", "access_token", "client_id", clientId));
        expect(r, 200, "the revocation endpoint");
    }

    private static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new AssertionError(what + " answered " + r.statusCode() + " (expected " + status + "): " + r.body());
        }
    }
}
