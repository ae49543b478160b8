package example.mcpauth.e2e;

import example.mcpauth.testsupport.OAuthClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocation in seconds, end to end (issue 12.7): john lets an agent read his stocks, the agent's
 * token is cached at the gateway; then john, in a real browser, signs in to Keycloak's Account
 * Console, opens the applications page and removes the agent's access. Keycloak's event listener
 * purges the gateway's cache, so the agent's next call through the gateway gets the 401 challenge,
 * although its token has not expired and the gateway had it cached. The delay from the click to the
 * first refused call is printed (the gateway's own tests measure the purge alone).
 */
class AccountConsoleRevocationIT {

    /** How long a revoked token may keep working before the test fails (the point is seconds, not 900 s). */
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    @AfterAll
    static void noTokenLogged() throws Exception {
        LogHygiene.assertNoneLogged(SEEN);
    }

    @Test
    void removingTheAgentInTheAccountConsoleRefusesItsNextCallThroughTheGateway() throws Exception {
        String agentName = "E2E revocation agent " + Long.toHexString(System.nanoTime());
        OAuthClient agent = OAuthClient.register(agentName);
        String token = agent.loginForToken(E2e.inbox(), E2e.JOHN).path("access_token").asText();
        SEEN.add(token);
        String mcp = E2e.stack().mcpUrl();

        // the agent works, and its token is now in the gateway's cache: the second call is not introspected
        int before = GatewayLog.mcpCalls();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> ok = McpHttp.callFetchStockPrices(mcp, token);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            E2e.assertUsaStocks(McpHttp.message(ok));
        }
        List<String> phantom = GatewayLog.phantomTokenOfMcpCallsSince(before, 2);
        System.out.println("AccountConsoleRevocationIT: the gateway's phantom-token steps of the two calls: " + phantom);
        assertThat(phantom).as("the gateway's access log: the second call was served from its cache").endsWith("cached");

        try (Browser browser = new Browser(E2e.workDir("account-console"), E2e.evidence())) {
            WebDriver d = browser.driver();
            String account = E2e.stack().keycloakUrl() + "/realms/" + E2e.stack().realm() + "/account";
            List<String> known = E2e.inbox().seen(E2e.JOHN);
            d.get(account);
            browser.enterEmailAndCode(E2e.JOHN, E2e.inbox(), known, "account-console");
            waitUntil(browser, x -> x.getCurrentUrl().startsWith(account) ? visible(x, By.xpath("//main//h1")) : null,
                    "the Account Console after sign-in");
            browser.shot("account-console", "3-home");

            d.get(account + "/applications");
            WebElement name = waitUntil(browser, x -> visible(x, By.xpath(
                    "//*[not(self::script)][normalize-space(text())='" + agentName + "']")), "the agent on the applications page");
            browser.shot("account-console", "4-applications");
            // the agent's row (a list item) has a toggle that shows its details and the remove button
            WebElement row = name.findElement(By.xpath("ancestor::*[self::li or @role='listitem' or @role='row'][1]"));
            WebElement toggle = row.findElement(By.xpath(".//button[@aria-expanded]"));
            click(d, toggle);
            WebElement remove = waitUntil(browser, x -> visible(row, By.xpath(
                    ".//button[contains(translate(normalize-space(.), 'REMOVACESS', 'removacess'), 'remove')]")),
                    "the agent's remove-access button");
            browser.shot("account-console", "5-details");
            click(d, remove);
            WebElement confirm = waitUntil(browser, x -> visible(x, By.xpath(
                    "//*[@role='dialog']//button[contains(translate(normalize-space(.), 'CONFIRMREOVE', 'confirmreove'), 'confirm')"
                    + " or contains(translate(normalize-space(.), 'CONFIRMREOVE', 'confirmreove'), 'remove')]")),
                    "the confirmation dialog");
            browser.shot("account-console", "6-confirm");

            long clickedAt = System.currentTimeMillis();
            long clicked = System.nanoTime();
            click(d, confirm);

            // the agent calls again and again, as fast as it gets answers, until the gateway refuses it
            int served = 0;
            int loggedBefore = GatewayLog.mcpCalls();
            HttpResponse<String> answer;
            long refused;
            while (true) {
                answer = McpHttp.callFetchStockPrices(mcp, token);
                if (answer.statusCode() != 200) {
                    refused = System.nanoTime();
                    break;
                }
                served++;
                if (System.nanoTime() - clicked > BOUND.toNanos()) {
                    throw new AssertionError("the agent's calls were still served " + BOUND.toSeconds()
                            + " s after its access was removed in the Account Console (" + served + " calls); browser: "
                            + browser.describe());
                }
                Thread.sleep(20);
            }
            long refusedAt = clickedAt + (refused - clicked) / 1_000_000;
            long uiDone = waitForRemoval(browser, agentName);
            browser.shot("account-console", "7-removed");
            System.out.printf("AccountConsoleRevocationIT: first refused call %d ms after the confirm click "
                            + "(%d calls still served before it); the page no longer listed the agent %d ms after the click%n",
                    (refused - clicked) / 1_000_000, served, (uiDone - clicked) / 1_000_000);
            // the page's own DELETE of the consent, timed by the browser (Resource Timing, wall clock)
            @SuppressWarnings("unchecked")
            List<List<Object>> deletes = (List<List<Object>>) ((JavascriptExecutor) d).executeScript(
                    "return performance.getEntriesByType('resource').filter(e => e.name.endsWith('/consent'))"
                    + ".map(e => [e.name, performance.timeOrigin + e.startTime, performance.timeOrigin + e.responseEnd]);");
            assertThat(deletes).as("the page sent the consent's DELETE (account REST API)").hasSize(1);
            long sent = Math.round(((Number) deletes.get(0).get(1)).doubleValue());
            long answered = Math.round(((Number) deletes.get(0).get(2)).doubleValue());
            System.out.printf("AccountConsoleRevocationIT: the page sent DELETE …/consent %d ms after the click, "
                            + "its answer came %d ms later; the first refused call came %d ms after that answer%n",
                    sent - clickedAt, answered - sent, refusedAt - answered);

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate").orElse(""))
                    .startsWith("Bearer ")
                    .contains("resource_metadata=\"" + E2e.stack().gatewayUrl() + "/.well-known/oauth-protected-resource/mcp\"")
                    .contains("scope=\"stocks/read\"");
            List<String> calls = GatewayLog.phantomTokenOfMcpCallsSince(loggedBefore, served + 1);
            List<String> last = calls.subList(Math.max(0, calls.size() - 1), calls.size());
            System.out.println("AccountConsoleRevocationIT: the gateway's phantom-token step of the refused call: " + last);
            assertThat(last).as("the refused call was not served from the cache").doesNotContain("cached");
        }
    }

    /** The time at which the applications page no longer lists the agent (it reloads its list after the delete). */
    private static long waitForRemoval(Browser browser, String agentName) {
        waitUntil(browser, x -> x.findElements(By.xpath("//*[not(self::script)][normalize-space(text())='" + agentName + "']"))
                .stream().noneMatch(WebElement::isDisplayed) ? Boolean.TRUE : null, "the agent gone from the applications page");
        return System.nanoTime();
    }

    private static WebElement visible(org.openqa.selenium.SearchContext in, By by) {
        return in.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
    }

    private static <T> T waitUntil(Browser browser, java.util.function.Function<WebDriver, T> condition, String what) {
        try {
            return new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the browser never showed " + what + "; it is at " + browser.describe(), e);
        }
    }

    private static void click(WebDriver d, WebElement element) {
        ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }
}
