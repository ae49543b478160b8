package example.mcpauth.client.authorization;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Shows the authorization URL to the user. The URL is always printed on stderr as one line starting with
 * {@link #PROMPT} (tests and headless browsers read it). Modes: {@code system} also opens the system browser
 * when the platform supports it, {@code none} only prints, {@code http} makes this program fetch the URL
 * itself and follow redirects (for test authorization servers that approve without a user).
 */
public final class BrowserLauncher {

    public static final String PROMPT = "Open this URL to sign in: ";

    public enum Mode { SYSTEM, NONE, HTTP }

    private final Mode mode;
    private final PrintStream err;

    public BrowserLauncher(Mode mode, PrintStream err) {
        this.mode = mode;
        this.err = err;
    }

    public void open(URI url) {
        err.println(PROMPT + url);
        err.flush();
        switch (mode) {
            case SYSTEM -> {
                try {
                    if (!GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
                            && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                        Desktop.getDesktop().browse(url);
                    }
                } catch (Exception | LinkageError e) {
                    err.println("Could not open a browser (" + e.getMessage() + "); open the URL above yourself.");
                }
            }
            case HTTP -> Thread.ofPlatformOrDaemon(() -> {
                try {
                    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS)
                            .connectTimeout(Duration.ofSeconds(10)).build();
                    http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build(),
                            HttpResponse.BodyHandlers.discarding());
                } catch (Exception e) {
                    err.println("Fetching the authorization URL failed: " + e.getMessage());
                }
            });
            case NONE -> {
            }
        }
    }

    private static final class Thread {
        static void ofPlatformOrDaemon(Runnable r) {
            java.lang.Thread t = new java.lang.Thread(r, "authorization-url-fetch");
            t.setDaemon(true);
            t.start();
        }
    }
}
