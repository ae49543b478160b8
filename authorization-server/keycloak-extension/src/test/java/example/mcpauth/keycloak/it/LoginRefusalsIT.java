package example.mcpauth.keycloak.it;

import example.mcpauth.testsupport.Html;
import example.mcpauth.testsupport.Http;
import example.mcpauth.testsupport.Inbox;
import example.mcpauth.testsupport.KeycloakAdmin;
import example.mcpauth.testsupport.OAuthClient;
import example.mcpauth.testsupport.Stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every refusal of the login and the authorization request, each with its precise error. */
class LoginRefusalsIT {

    private static final String JOHN = "john.doe@demo.example";

    /**
     * The wrong-code tests' user, made for this class: wrong codes count in the realm's brute-force
     * detection (BruteForceIT), and must not lock john for the other tests.
     */
    private static KeycloakAdmin.TestUser guesserUser;
    private static String guesser;

    private final Inbox inbox = new Inbox();

    @BeforeAll
    static void createGuesser() {
        guesserUser = new KeycloakAdmin().newUser("guesser");
        guesser = guesserUser.email();
    }

    @AfterAll
    static void deleteGuesser() {
        guesserUser.close();
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    /** Starts a login for the address and returns [client, code page]. */
    private Object[] toCodePage(String email) {
        OAuthClient client = OAuthClient.register("MCP Inspector");
        HttpResponse<String> emailPage = client.start();
        HttpResponse<String> codePage = client.submitEmail(emailPage.body(), email);
        assertThat(codePage.statusCode()).isEqualTo(200);
        return new Object[] {client, codePage.body()};
    }

    @Test
    void wrongCode() {
        List<String> seen = new ArrayList<>(inbox.mailsTo(guesser).stream().map(m -> m.path("id").asText()).toList());
        Object[] state = toCodePage(guesser);
        OAuthClient client = (OAuthClient) state[0];
        String code = inbox.awaitCode(guesser, seen);
        HttpResponse<String> page = client.submitCode((String) state[1], wrong(code));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(Html.emailCodeError(page.body())).contains("invalid_code");
        // the right code still works after one wrong try
        HttpResponse<String> next = client.follow(client.submitCode(page.body(), code));
        assertThat(Html.hasId(next.body(), "kc-consent-form")).as(next.body()).isTrue();
    }

    @Test
    void tooManyWrongTriesLockTheCode() {
        // a user of its own: the realm's brute-force count (LOGIN_LOCKOUT_FAILURES) must not add up with
        // the wrong codes of other tests, or the user lock would answer before the code lock
        try (KeycloakAdmin.TestUser lockerUser = new KeycloakAdmin().newUser("locker")) {
            tooManyWrongTriesLockTheCode(lockerUser.email());
        }
    }

    private void tooManyWrongTriesLockTheCode(String guesser) {
        List<String> seen = new ArrayList<>(inbox.mailsTo(guesser).stream().map(m -> m.path("id").asText()).toList());
        Object[] state = toCodePage(guesser);
        OAuthClient client = (OAuthClient) state[0];
        String code = inbox.awaitCode(guesser, seen);
        String page = (String) state[1];
        int max = Integer.parseInt(Stack.get("EMAIL_CODE_MAX_ATTEMPTS"));
        for (int i = 1; i < max; i++) {
            page = client.submitCode(page, wrong(code)).body();
            assertThat(Html.emailCodeError(page)).contains("invalid_code");
        }
        page = client.submitCode(page, wrong(code)).body();
        assertThat(Html.emailCodeError(page)).contains("too_many_attempts");
        page = client.submitCode(page, code).body();
        assertThat(Html.emailCodeError(page)).contains("too_many_attempts");
    }

    @Test
    void expiredCode() {
        KeycloakAdmin admin = new KeycloakAdmin();
        String old = admin.setEmailCodeConfig("code.ttl.seconds", "1");
        try {
            List<String> seen = new ArrayList<>(inbox.mailsTo(JOHN).stream().map(m -> m.path("id").asText()).toList());
            Object[] state = toCodePage(JOHN);
            OAuthClient client = (OAuthClient) state[0];
            String code = inbox.awaitCode(JOHN, seen);
            Inbox.sleep(2_100);
            HttpResponse<String> page = client.submitCode((String) state[1], code);
            assertThat(Html.emailCodeError(page.body())).contains("code_expired");
        } finally {
            admin.setEmailCodeConfig("code.ttl.seconds", old == null ? Stack.get("EMAIL_CODE_TTL_SECONDS") : old);
        }
    }

    @Test
    void resendIsRateLimited() {
        Object[] state = toCodePage(JOHN);
        OAuthClient client = (OAuthClient) state[0];
        String page = (String) state[1];
        HttpResponse<String> resend = client.browser.postForm(OAuthClient.action(page, "kc-code-other-actions"), Http.params("resend", "true"));
        assertThat(Html.emailCodeError(resend.body())).contains("resend_too_soon");
    }

    @Test
    void unknownEmailSeesTheSamePageAndNoMailIsSent() {
        String unknown = "nobody-" + OAuthClient.randomToken().substring(0, 6).toLowerCase() + "@demo.example";
        Object[] unknownState = toCodePage(unknown);
        String unknownPage = (String) unknownState[1];
        // then a known user: once their mail is in, the earlier (unknown) one would be too
        List<String> seen = new ArrayList<>(inbox.mailsTo(JOHN).stream().map(m -> m.path("id").asText()).toList());
        Object[] knownState = toCodePage(JOHN);
        String knownPage = (String) knownState[1];
        inbox.awaitCode(JOHN, seen);
        assertThat(inbox.mailsTo(unknown)).isEmpty();
        assertThat(Html.hasId(unknownPage, "kc-email-code-sent")).isTrue();
        assertThat(Html.text(unknownPage, "kc-email-code-sent").replace(unknown, "X"))
                .isEqualTo(Html.text(knownPage, "kc-email-code-sent").replace(JOHN, "X"));
        assertThat(Html.emailCodeError(unknownPage)).isEmpty();
        // any code is just wrong
        HttpResponse<String> page = ((OAuthClient) unknownState[0]).submitCode(unknownPage, "123456");
        assertThat(Html.emailCodeError(page.body())).contains("invalid_code");
    }

    @Test
    void missingPkceIsRefused() {
        OAuthClient client = OAuthClient.register("MCP Inspector");
        HttpResponse<String> response = client.browser.get(client.authorizationUrl(OAuthClient.REDIRECT_URI, null));
        Map<String, String> error = errorRedirect(response);
        assertThat(error.get("error")).isEqualTo("invalid_request");
        assertThat(error.get("error_description")).contains("code_challenge_method");
    }

    @Test
    void plainPkceIsRefused() {
        OAuthClient client = OAuthClient.register("MCP Inspector");
        HttpResponse<String> response = client.browser.get(client.authorizationUrl(OAuthClient.REDIRECT_URI, "plain"));
        Map<String, String> error = errorRedirect(response);
        assertThat(error.get("error")).isEqualTo("invalid_request");
        assertThat(error.get("error_description")).contains("code challenge method is not matching");
    }

    @Test
    void unregisteredRedirectUriIsRefusedWithoutRedirect() {
        OAuthClient client = OAuthClient.register("MCP Inspector");
        HttpResponse<String> response = client.browser.get(client.authorizationUrl("http://127.0.0.1:29251/elsewhere", "S256"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.body()).contains("Invalid parameter: redirect_uri");
    }

    @Test
    void deniedConsent() {
        List<String> seen = new ArrayList<>(inbox.mailsTo(JOHN).stream().map(m -> m.path("id").asText()).toList());
        Object[] state = toCodePage(JOHN);
        OAuthClient client = (OAuthClient) state[0];
        String code = inbox.awaitCode(JOHN, seen);
        HttpResponse<String> consentPage = client.follow(client.submitCode((String) state[1], code));
        HttpResponse<String> callback = client.follow(client.consent(consentPage.body(), false));
        Map<String, String> error = errorRedirect(callback);
        assertThat(error.get("error")).isEqualTo("access_denied");
        assertThat(error.get("iss")).isEqualTo(Stack.issuer());
        assertThat(error).doesNotContainKey("code");
    }

    private static Map<String, String> errorRedirect(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(OAuthClient.REDIRECT_URI);
        return Http.query(location);
    }
}
