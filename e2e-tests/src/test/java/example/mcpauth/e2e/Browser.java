package example.mcpauth.e2e;

import example.mcpauth.testsupport.Inbox;
import example.mcpauth.testsupport.Stack;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real headless Chromium (Debian's chromium + chromedriver) that signs a user in the way a
 * person does: email, the one-time code from the inbox, consent.
 */
public final class Browser implements AutoCloseable {

    /** The sign-in pages' stable element ids (authorization-server/README.md). */
    static final By EMAIL = By.id("email");
    static final By CODE = By.id("code");
    static final By APPROVE = By.id("kc-approve");
    static final By DENY = By.id("kc-deny");
    static final By ERROR = By.id("kc-email-code-error");

    public enum Consent { APPROVE, DENY }

    private final WebDriver driver;
    private final Path screenshots;
    /** The text of the last consent page this browser showed (null: none yet). */
    private String consentText;

    public Browser(Path workDir, Path screenshots) throws Exception {
        this.screenshots = screenshots;
        Path home = Files.createDirectories(workDir.resolve("chromium-home"));
        Path profile = Files.createTempDirectory(workDir, "profile");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .withEnvironment(Map.of("HOME", home.toString()))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1100,900", "--user-data-dir=" + profile);
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    /**
     * Opens an authorization URL and signs {@code email} in: types the email, reads the code from
     * the inbox, types it, then approves or denies consent. Returns the URL the browser ended on
     * (the client's redirect URI with code or error).
     */
    public String signIn(String authorizationUrl, String email, Inbox inbox, Consent consent, String shotPrefix)
            throws Exception {
        java.util.List<String> known = inbox.seen(email);
        driver.get(authorizationUrl);
        return completeSignIn(email, inbox, known, consent, shotPrefix);
    }

    /**
     * Signs {@code email} in on the sign-in page the browser shows now (after a client sent it there):
     * email, the code from a mail not among {@code known}, consent. Returns the URL it ended on.
     */
    public String completeSignIn(String email, Inbox inbox, java.util.Collection<String> known, Consent consent,
            String shotPrefix) throws Exception {
        enterEmailAndCode(email, inbox, known, shotPrefix);
        waitUntil(d -> !d.findElements(APPROVE).isEmpty() || !onAuthorizationServer(d), Duration.ofSeconds(20));
        if (!driver.findElements(APPROVE).isEmpty()) {
            shot(shotPrefix, "3-consent");
            consentText = driver.findElement(By.tagName("body")).getText();
            driver.findElement(consent == Consent.APPROVE ? APPROVE : DENY).click();
        }
        waitUntil(d -> !onAuthorizationServer(d), Duration.ofSeconds(20));
        return driver.getCurrentUrl();
    }

    /**
     * On the email page the browser shows now: types {@code email}, then the code of a mail not among
     * {@code known}. Returns once the code is submitted (for a first-party page such as the Account
     * Console there is no consent and the browser stays on the authorization server).
     */
    public void enterEmailAndCode(String email, Inbox inbox, java.util.Collection<String> known, String shotPrefix)
            throws Exception {
        WebElement emailField = waitFor(EMAIL);
        shot(shotPrefix, "1-email");
        emailField.sendKeys(email);
        emailField.submit();
        WebElement codeField = waitFor(CODE);
        shot(shotPrefix, "2-code");
        String code = inbox.awaitCode(email, known, Duration.ofSeconds(30));
        codeField.sendKeys(code);
        codeField.submit();
    }

    /** The text of the last consent page (what the user was asked to grant), null if none was shown. */
    public String consentText() { return consentText; }

    /** The underlying WebDriver, for pages other than sign-in (e.g. a client's own web UI). */
    public WebDriver driver() { return driver; }

    public WebElement waitFor(By by) {
        try {
            return waitForElement(by);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the page never showed " + by + "; it is " + describe(), e);
        }
    }

    /** Where the browser is and what it shows, for failure messages. */
    public String describe() {
        String text;
        try {
            text = driver.findElement(By.tagName("body")).getText();
        } catch (RuntimeException e) {
            text = "(no body)";
        }
        text = text.replaceAll("\\s+", " ");
        return driver.getCurrentUrl() + " showing: " + (text.length() > 600 ? text.substring(0, 600) + "..." : text);
    }

    private WebElement waitForElement(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
            List<WebElement> found = d.findElements(by);
            if (!found.isEmpty() && found.get(0).isDisplayed()) return found.get(0);
            List<WebElement> errors = d.findElements(ERROR);
            if (!errors.isEmpty() && errors.get(0).isDisplayed() && !errors.get(0).getText().isBlank()
                    && by != ERROR) {
                throw new AssertionError("the sign-in page shows an error instead of " + by + ": "
                        + errors.get(0).getText() + " (" + d.getCurrentUrl() + ")");
            }
            return null;
        });
    }

    private void waitUntil(java.util.function.Function<WebDriver, Boolean> condition, Duration timeout) {
        try {
            new WebDriverWait(driver, timeout).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the sign-in did not move on; the browser is at " + describe(), e);
        }
    }

    private boolean onAuthorizationServer(WebDriver d) {
        String url = d.getCurrentUrl();
        return url != null && url.startsWith(Stack.settings().keycloakUrl());
    }

    public void shot(String prefix, String name) throws Exception {
        if (prefix == null || screenshots == null) return;
        Files.createDirectories(screenshots);
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), screenshots.resolve(prefix + "-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
