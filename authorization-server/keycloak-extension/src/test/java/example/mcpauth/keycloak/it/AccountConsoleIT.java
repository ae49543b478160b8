package example.mcpauth.keycloak.it;

import example.mcpauth.testsupport.Html;
import example.mcpauth.testsupport.Http;
import example.mcpauth.testsupport.Inbox;
import example.mcpauth.testsupport.OAuthClient;
import example.mcpauth.testsupport.Stack;
import example.mcpauth.testsupport.StackTokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * Agents a user can see and revoke: Keycloak's Account Console ("Applications") lists the MCP
 * clients the user consented to, by the name they registered with and the scopes granted, and
 * "Remove access" takes the grant away. Checked through the account REST API the console calls,
 * and the console's page and texts as our account theme serves them.
 */
class AccountConsoleIT {

    private static final String JOHN = "john.doe@demo.example";
    private static final String JANE = "jane.test@demo.example";

    private final Inbox inbox = new Inbox();

    @Test
    void aConsentedAgentIsListedByNameWithItsScopesAndRemovingItsAccessRevokesIt() {
        String read = Stack.get("STOCKS_SCOPE");
        String both = read + " " + Stack.get("STOCKS_TRADE_SCOPE");
        OAuthClient agent = OAuthClient.register("Portfolio Agent", OAuthClient.REDIRECT_URI, both, List.of("authorization_code"));
        String accessToken = agent.redeemRedirect(agent.approve(agent.signIn(inbox, JOHN))).path("access_token").asText();
        assertThat(StackTokens.introspect(accessToken).path("active").asBoolean()).isTrue();

        AccountApi account = new AccountApi(agent.browser);
        JsonNode listed = account.application(agent.clientId).orElseThrow(() -> new AssertionError(
                "agent " + agent.clientId + " not in " + account.applications()));
        assertThat(listed.path("clientName").asText()).isEqualTo("Portfolio Agent");
        assertThat(listed.path("userConsentRequired").asBoolean()).as("shown as a third-party app").isTrue();
        assertThat(listed.path("inUse").asBoolean()).isTrue();
        assertThat(listed.path("offlineAccess").asBoolean()).isFalse();
        // what the console shows under "Has access to": the consent texts, never client_type & co.
        JsonNode granted = listed.path("consent").path("grantedScopes");
        assertThat(granted.findValuesAsText("name")).containsExactlyInAnyOrder(
                "Read stock prices and company data for your region", "Place stock orders on your behalf");
        assertThat(granted.findValuesAsText("displayText")).containsExactlyInAnyOrder(
                "Read stock prices and company data for your region", "Place stock orders on your behalf");
        assertThat(listed.path("consent").path("createdDate").asLong()).isPositive();

        // "Remove access" -> "Confirm"
        HttpResponse<String> revoke = account.revoke(agent.clientId);
        assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(204);
        assertThat(account.application(agent.clientId)).as("the agent is gone from the list").isEmpty();
        // its grant is gone and its session with it: the token it holds is no longer active
        assertThat(StackTokens.introspect(accessToken).path("active").asBoolean()).isFalse();
    }

    @Test
    void aUserSignsInToTheConsoleWithTheEmailedCode() {
        // what the console does when opened in a browser without a session: the code flow with PKCE
        OAuthClient console = AccountApi.console(Stack.issuer() + "/account/applications");
        HttpResponse<String> emailPage = console.start();
        assertThat(emailPage.statusCode()).as(emailPage.body()).isEqualTo(200);
        assertThat(Html.text(emailPage.body(), "kc-client-request")).isEqualTo("Account Console is requesting access");
        List<String> seen = inbox.seen(JANE);
        HttpResponse<String> codePage = console.submitEmail(emailPage.body(), JANE);
        assertThat(codePage.statusCode()).as(codePage.body()).isEqualTo(200);
        // no consent page for the console: back to it with a code (state and iss checked)
        HttpResponse<String> back = console.follow(console.submitCode(codePage.body(), inbox.awaitCode(JANE, seen)));
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        JsonNode token = console.redeemRedirect(back);
        // the console greets the user by name (its ID token's claims; the user menu says "Anonymous" without them)
        JsonNode id = Http.jwtClaims(token.path("id_token").asText());
        assertThat(id.path("given_name").asText()).isEqualTo("Jane");
        assertThat(id.path("family_name").asText()).isEqualTo("Test");
        assertThat(id.path("preferred_username").asText()).isEqualTo(JANE);
        HttpResponse<String> apps = new Http().get(Stack.issuer() + "/account/applications",
                "Authorization", "Bearer " + token.path("access_token").asText(), "Accept", "application/json");
        assertThat(apps.statusCode()).as(apps.body()).isEqualTo(200);
        assertThat(Http.json(apps).findValuesAsText("clientId")).contains("account-console");
    }

    @Test
    void theConsoleIsServedWithTheDemoThemeAndKeycloaksTexts() {
        HttpResponse<String> page = new Http().get(Stack.issuer() + "/account/applications");
        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        assertThat(html).contains("<title>MCP demo account</title>");
        Matcher css = Pattern.compile("href=\"(/resources/[^\"]+/account/mcp-demo/css/mcp-demo-account\\.css)\"").matcher(html);
        assertThat(css.find()).as(html).isTrue();
        // the console's own built app (keycloak.v3), found through our theme
        Matcher script = Pattern.compile("<script type=\"module\" src=\"(/resources/[^\"]+/account/mcp-demo/assets/main-[^\"]+\\.js)\"").matcher(html);
        assertThat(script.find()).as(html).isTrue();
        assertThat(html).contains("\"logo\": \"mcp-demo-logo.svg\"");

        String base = Stack.get("KEYCLOAK_URL");
        HttpResponse<String> stylesheet = new Http().get(base + css.group(1));
        assertThat(stylesheet.statusCode()).isEqualTo(200);
        assertThat(stylesheet.body()).contains("--pf-v5-global--primary-color--100");
        assertThat(new Http().get(base + script.group(1)).statusCode()).isEqualTo(200);
        String resources = css.group(1).replace("css/mcp-demo-account.css", "");
        HttpResponse<String> logo = new Http().get(base + resources + "mcp-demo-logo.svg");
        assertThat(logo.statusCode()).isEqualTo(200);
        assertThat(logo.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");

        // the texts the console shows (its translations come from the realm's account theme): ours
        // for the introduction, Keycloak's for what a person clicks
        Map<String, String> texts = new HashMap<>();
        Http.json(new Http().get(base + "/resources/" + Stack.get("REALM") + "/account/en"))
                .forEach(m -> texts.put(m.path("key").asText(), m.path("value").asText()));
        assertThat(texts).containsEntry("applications", "Applications")
                .containsEntry("thirdPartyApp", "Third-party")
                .containsEntry("inUse", "In use")
                .containsEntry("client", "Client")
                .containsEntry("hasAccessTo", "Has access to")
                .containsEntry("accessGrantedOn", "Access granted on:")
                .containsEntry("removeAccess", "Remove access")
                .containsEntry("confirm", "Confirm")
                .containsEntry("cancel", "Cancel")
                .containsEntry("removeConsentSuccess", "Successfully removed consent");
        assertThat(texts.get("applicationsIntroMessage")).startsWith("The AI agents and apps you allowed to act for you.");
        // Keycloak's confirmation would name the agent by its client_id (a UUID): ours says what happens
        assertThat(texts).containsEntry("removeModalMessage",
                "The agent or app loses the access you granted it. It has to ask you again before it can act for you.");
    }
}
