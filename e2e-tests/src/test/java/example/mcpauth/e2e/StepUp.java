package example.mcpauth.e2e;

import example.mcpauth.testsupport.Http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code place-stock-order} step-up as a real MCP client meets it end to end: john signs in with
 * {@code stocks/read}, the order is refused with 403 {@code insufficient_scope}, the client sends him to sign
 * in again for {@code stocks/read stocks/trade} (the consent page asks for the new scope), and the retry
 * reaches the stocks API, whose assurance rule still refuses an assurance-1 AI client, with its reason.
 */
final class StepUp {

    static final String TOOL = "place-stock-order";
    static final String ORDER = "{\"symbol\":\"COM1\",\"quantity\":10}";
    /** The realm's consent text of the stocks/trade scope. */
    static final String TRADE_CONSENT = "Place stock orders on your behalf";

    private StepUp() { }

    /**
     * Signs john in twice for a client that prints each authorization URL after {@code prompt}: first for
     * reading only, then, after the 403, for both scopes, each time in a fresh browser (a new sign-in with
     * the emailed code). Checks the scope each URL asks for and what each consent page asks to grant.
     */
    static void signInThenStepUp(Cli client, String prompt, Path home) throws Exception {
        String first = client.await(Pattern.compile(Pattern.quote(prompt) + "(\\S+)"), Duration.ofSeconds(60));
        assertThat(scopes(first)).as("the first sign-in's scope: %s", first).contains("stocks/read").doesNotContain("stocks/trade");
        try (Browser browser = new Browser(home, null)) {
            browser.signIn(first, E2e.JOHN, E2e.inbox(), Browser.Consent.APPROVE, null);
            assertThat(browser.consentText()).as("first consent page").doesNotContain(TRADE_CONSENT);
        }
        String stepUp = client.await(Pattern.compile(Pattern.quote(prompt) + "(\\S*[?&]scope=[^&\\s]*trade\\S*)"),
                Duration.ofSeconds(60));
        assertThat(scopes(stepUp)).as("the step-up asks for the union of the scopes: %s", stepUp)
                .contains("stocks/read", "stocks/trade").doesNotContain("offline_access");
        try (Browser browser = new Browser(home, E2e.evidence())) {
            browser.signIn(stepUp, E2e.JOHN, E2e.inbox(), Browser.Consent.APPROVE, null);
            assertThat(browser.consentText()).as("the step-up's consent page names the new scope").contains(TRADE_CONSENT);
        }
    }

    /** The retried call reached the stocks API, which refused the assurance-1 AI client and said why. */
    static void assertRefusedByTheApi(String toolOutput) {
        assertThat(toolOutput).as("the order's tool result").contains("\"isError\"").contains("403")
                .contains("client assurance level").doesNotContain("insufficient_scope", "Exception");
    }

    private static Set<String> scopes(String authorizationUrl) {
        return new TreeSet<>(Set.of(Http.query(authorizationUrl).getOrDefault("scope", "").split(" ")));
    }
}
