package example.mcpauth.keycloak.it;

import example.mcpauth.testsupport.Html;
import example.mcpauth.testsupport.Http;
import example.mcpauth.testsupport.Inbox;
import example.mcpauth.testsupport.KeycloakAdmin;
import example.mcpauth.testsupport.OAuthClient;
import example.mcpauth.testsupport.Stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * Wrong codes are failed logins for Keycloak: LOGIN_ERROR events, and the realm's brute-force detection
 * locks the user for a while after LOGIN_LOCKOUT_FAILURES of them (over several codes, each of which
 * locks itself after EMAIL_CODE_MAX_ATTEMPTS). A user of its own, so that the lock touches no other test.
 */
class BruteForceIT {

    private final Inbox inbox = new Inbox();
    private final KeycloakAdmin admin = new KeycloakAdmin();

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    @Test
    void wrongCodesAreLoginErrorsAndLockTheUserForAWhile() {
        try (KeycloakAdmin.TestUser user = admin.newUser("lock")) {
            String email = user.email();
            String userId = user.id();
            int failures = Integer.parseInt(Stack.get("LOGIN_LOCKOUT_FAILURES"));
            int perCode = Integer.parseInt(Stack.get("EMAIL_CODE_MAX_ATTEMPTS"));
            OAuthClient client = OAuthClient.register("MCP Inspector");
            List<String> seen = inbox.seen(email);
            String page = client.submitEmail(client.start().body(), email).body();
            String code = inbox.awaitCode(email, seen);
            int triesOnCode = 0;
            for (int i = 1; i <= failures; i++) {
                if (triesOnCode == perCode) {
                    // this code is used up: start over with the same address and get a new one
                    page = client.browser.postForm(OAuthClient.action(page, "kc-code-other-actions"), Http.params("restart", "true")).body();
                    page = client.submitEmail(page, email).body();
                    code = inbox.awaitCode(email, seen);
                    triesOnCode = 0;
                }
                page = client.submitCode(page, wrong(code)).body();
                triesOnCode++;
                assertThat(Html.emailCodeError(page)).as("wrong code %d", i)
                        .contains(triesOnCode == perCode ? "too_many_attempts" : "invalid_code");
                // the protector records each failure in the background: let it, before the next one
                int recorded = i;
                assertThat(admin.awaitBruteForceStatus(userId, st -> st.path("numFailures").asInt() == recorded)
                        .path("numFailures").asInt()).isEqualTo(recorded);
            }

            // Keycloak's protector records failures in the background: wait until it has locked the user
            JsonNode status = admin.awaitBruteForceStatus(userId, s -> s.path("disabled").asBoolean());
            assertThat(status.path("disabled").asBoolean()).as("brute-force status %s", status).isTrue();
            assertThat(status.path("numFailures").asInt()).isEqualTo(failures);

            // locked: even the right, unused code is refused, with our theme's message
            String lockedPage = client.submitCode(page, code).body();
            assertThat(Html.emailCodeError(lockedPage)).contains("temporarily_locked");
            assertThat(Html.text(lockedPage, "kc-email-code-error"))
                    .isEqualTo(ThemeMessages.LOGIN.get("emailCodeError.temporarily_locked"));
            assertThat(Html.hasId(lockedPage, "kc-code-form")).isTrue();

            // every wrong code is a LOGIN_ERROR event for the user; so is the refused try while locked
            List<JsonNode> errors = admin.awaitEvents(userId, "LOGIN_ERROR", failures + 1);
            assertThat(errors).hasSize(failures + 1);
            assertThat(errors.stream().filter(e -> "invalid_user_credentials".equals(e.path("error").asText()))).hasSize(failures);
            assertThat(errors.stream().filter(e -> "user_temporarily_disabled".equals(e.path("error").asText()))).hasSize(1);
            assertThat(errors).allSatisfy(e -> assertThat(e.path("clientId").asText()).isEqualTo(client.clientId));
            assertThat(admin.awaitEvents(userId, "USER_DISABLED_BY_TEMPORARY_LOCKOUT", 1)).hasSize(1);

            // once an admin lifts the lock, the same code signs the user in, and the failures are gone
            assertThat(admin.clearBruteForce(userId)).isEqualTo(204);
            HttpResponse<String> consent = client.follow(client.submitCode(lockedPage, code));
            assertThat(Html.hasId(consent.body(), "kc-consent-form")).as(consent.body()).isTrue();
        }
    }

    @Test
    void aSuccessfulSignInClearsTheFailures() {
        try (KeycloakAdmin.TestUser user = admin.newUser("reset")) {
            String email = user.email();
            String userId = user.id();
            OAuthClient client = OAuthClient.register("MCP Inspector");
            List<String> seen = inbox.seen(email);
            String page = client.submitEmail(client.start().body(), email).body();
            String code = inbox.awaitCode(email, seen);
            page = client.submitCode(page, wrong(code)).body();
            assertThat(Html.emailCodeError(page)).contains("invalid_code");
            assertThat(admin.awaitBruteForceStatus(userId, s -> s.path("numFailures").asInt() == 1).path("numFailures").asInt())
                    .isEqualTo(1);
            HttpResponse<String> consent = client.follow(client.submitCode(page, code));
            assertThat(Html.hasId(consent.body(), "kc-consent-form")).isTrue();
            // the sign-in completes with the consent; then Keycloak tells the protector it succeeded
            HttpResponse<String> callback = client.follow(client.consent(consent.body(), true));
            assertThat(Http.query(callback.headers().firstValue("Location").orElseThrow())).containsKey("code");
            assertThat(admin.awaitBruteForceStatus(userId, s -> s.path("numFailures").asInt() == 0).path("numFailures").asInt())
                    .isEqualTo(0);
        }
    }
}
