package example.mcpauth.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MCP Inspector's web UI, the way a newcomer uses it with the URL ./stack start prints: switch the
 * server on, sign in with the emailed code in the same browser, consent, run fetch-stock-prices.
 * (Its OAuth requests go through the Inspector's own server, so dynamic registration works although
 * Keycloak refuses anonymous registration from a browser Origin.) At both protocol versions, as the
 * launcher's {@code --protocol-era} sets the server's: {@code legacy} (the initialize handshake of
 * 2025-11-25, its default) and {@code modern} (pinned to 2026-07-28: it fails rather than fall back).
 */
class InspectorWebIT {

    private static final By CONNECT = By.cssSelector("input[role=switch][aria-label^='Connect or disconnect']");

    @ParameterizedTest(name = "at {0}")
    @ValueSource(strings = {"legacy", "modern"})
    void newcomerConnectsSignsInAndSeesTheirRegionsStocks(String era) throws Exception {
        Path home = E2e.workDir("inspector-web");
        Map<String, String> env = E2e.nodeEnv(home);
        env.put("DANGEROUSLY_OMIT_AUTH", "true");   // the Inspector's own proxy token; loopback-only test run
        env.put("MCP_AUTO_OPEN_ENABLED", "false");
        List<String> cmd = List.of(E2e.tool("mcp-inspector"), "--web", "--transport", "http",
                "--server-url", E2e.stack().mcpUrl(), "--protocol-era", era);
        try (Cli inspector = new Cli("mcp-inspector-web", cmd, home, env);
             Browser browser = new Browser(home, E2e.screenshots())) {
            inspector.await(Pattern.compile("is up and running"), Duration.ofSeconds(60));
            WebDriver d = browser.driver();
            d.get("http://127.0.0.1:6274/");
            List<String> known = E2e.inbox().seen(E2e.JOHN);
            click(d, waitFor(d, CONNECT));
            new WebDriverWait(d, Duration.ofSeconds(30))
                    .until(x -> x.getCurrentUrl().startsWith(E2e.stack().keycloakUrl()));
            String landed = browser.completeSignIn(E2e.JOHN, E2e.inbox(), known, Browser.Consent.APPROVE, null);
            assertThat(landed).startsWith("http://127.0.0.1:6274/");
            String connected = waitForText(d, "Connected");
            // the UI names the negotiated protocol version
            String version = era.equals("modern") ? "2026-07-28" : "2025-11-25";
            String other = era.equals("modern") ? "2025-11-25" : "2026-07-28";
            assertThat(connected).as("the connected page at " + era).contains(version).doesNotContain(other);
            click(d, waitFor(d, text("Tools")));
            click(d, waitFor(d, text("fetch-stock-prices")));
            click(d, waitFor(d, text("Execute Tool")));
            String page = waitForText(d, "450.22");
            if (era.equals("legacy")) {
                browser.shot("inspector", "4-result");
            }
            E2e.assertUsaStocks(page);
            assertThat(page).doesNotContain("isError\": true");
        }
    }

    private static By text(String text) {
        return By.xpath("//*[normalize-space(text())='" + text + "']");
    }

    private static WebElement waitFor(WebDriver d, By by) {
        return new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.findElements(by).stream().findFirst().orElse(null));
    }

    /** Mantine's switch and tabs sit under their labels: click them the way the UI's handlers see it. */
    private static void click(WebDriver d, WebElement element) {
        ((JavascriptExecutor) d).executeScript("arguments[0].click()", element);
    }

    private static String waitForText(WebDriver d, String text) {
        return new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> {
            String body = x.findElement(By.tagName("body")).getText();
            return body.contains(text) ? body : null;
        });
    }
}
