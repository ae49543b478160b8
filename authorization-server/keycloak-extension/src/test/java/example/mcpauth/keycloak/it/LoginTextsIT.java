package example.mcpauth.keycloak.it;

import example.mcpauth.testsupport.Html;
import example.mcpauth.testsupport.Inbox;
import example.mcpauth.testsupport.KeycloakAdmin;
import example.mcpauth.testsupport.OAuthClient;
import example.mcpauth.testsupport.Stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * The sign-in pages and the code mail say what our theme's messages say (login and email theme
 * types), the mail is rendered from email-code.ftl in both variants, and a client name is escaped.
 */
class LoginTextsIT {

    private static final String JOHN = "john.doe@demo.example";

    private final Inbox inbox = new Inbox();
    private final KeycloakAdmin admin = new KeycloakAdmin();

    private static String minutes() {
        return String.valueOf(Math.max(1, Long.parseLong(Stack.get("EMAIL_CODE_TTL_SECONDS")) / 60));
    }

    @Test
    void pagesAndMailComeFromTheTheme() {
        // a user of its own: the wrong code below counts in the realm's brute-force detection
        try (KeycloakAdmin.TestUser user = admin.newUser("texts")) {
            String email = user.email();
            OAuthClient client = OAuthClient.register("MCP Inspector");
            String emailPage = client.start().body();
            assertThat(Html.text(emailPage, "kc-client-request")).isEqualTo(ThemeMessages.LOGIN.get("emailCodeClientRequest", "MCP Inspector"));
            assertThat(Html.text(emailPage, "kc-email-code-intro")).isEqualTo(ThemeMessages.LOGIN.get("emailCodeIntro"));

            List<String> seen = inbox.seen(email);
            String codePage = client.submitEmail(emailPage, email).body();
            assertThat(Html.text(codePage, "kc-email-code-sent")).isEqualTo(
                    ThemeMessages.LOGIN.get("emailCodeSentBefore") + " " + email + ThemeMessages.LOGIN.get("emailCodeSentAfter", minutes()));
            String code = inbox.awaitCode(email, seen);

            JsonNode mail = inbox.mailsTo(email).stream().filter(m -> m.path("subject").asText().contains(code)).findFirst().orElseThrow();
            assertThat(mail.path("subject").asText()).isEqualTo(ThemeMessages.EMAIL.get("emailCodeSubject", code));
            assertThat(mail.path("text").asText()).isEqualTo(ThemeMessages.EMAIL.get("emailCodeBodyCodeLabel") + " " + code + "\n\n"
                    + ThemeMessages.EMAIL.get("emailCodeBodyClient", "MCP Inspector") + "\n"
                    + ThemeMessages.EMAIL.get("emailCodeBodyValidity", minutes()) + "\n");
            assertThat(mail.path("html").asText())
                    .contains("<strong id=\"code\">" + code + "</strong>")
                    .contains("<p>" + ThemeMessages.EMAIL.get("emailCodeBodyClient", "MCP Inspector") + "</p>");

            String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
            String errorPage = client.submitCode(codePage, wrong).body();
            int left = Integer.parseInt(Stack.get("EMAIL_CODE_MAX_ATTEMPTS")) - 1;
            assertThat(Html.text(errorPage, "kc-email-code-error")).isEqualTo(ThemeMessages.LOGIN.get("emailCodeError.invalid_code", left));
            assertThat(Html.hasId(client.follow(client.submitCode(errorPage, code)).body(), "kc-consent-form")).isTrue();
        }
    }

    @Test
    void theClientsNameIsEscapedOnThePagesAndInTheMail() {
        String name = "<b>Agent</b> \"Smith\" & Co";
        OAuthClient client = OAuthClient.register(name);
        String emailPage = client.start().body();
        assertThat(emailPage).doesNotContain("<b>Agent</b>");
        assertThat(Html.text(emailPage, "kc-client-request")).isEqualTo(ThemeMessages.LOGIN.get("emailCodeClientRequest", name));

        List<String> seen = inbox.seen(JOHN);
        client.submitEmail(emailPage, JOHN);
        String code = inbox.awaitCode(JOHN, seen);
        JsonNode mail = inbox.mailsTo(JOHN).stream().filter(m -> m.path("subject").asText().contains(code)).findFirst().orElseThrow();
        assertThat(mail.path("html").asText()).doesNotContain("<b>Agent</b>").contains("&lt;b&gt;Agent&lt;/b&gt;");
        assertThat(mail.path("text").asText()).contains(ThemeMessages.EMAIL.get("emailCodeBodyClient", name));
    }
}
