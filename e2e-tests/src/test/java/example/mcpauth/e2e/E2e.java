package example.mcpauth.e2e;

import example.mcpauth.testsupport.Inbox;
import example.mcpauth.testsupport.Stack;
import example.mcpauth.testsupport.StackSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What every end-to-end test shares: settings, the inbox, demo users, and the region check. */
public final class E2e {

    public static final String JOHN = "john.doe@demo.example";   // region USA
    public static final String JANE = "jane.test@demo.example";  // region Europe

    private E2e() { }

    /** The running stack's settings (config/stack.env and $STACK_CONFIG, as ./stack resolves them). */
    public static StackSettings stack() { return Stack.settings(); }

    public static Inbox inbox() { return new Inbox(stack().inboxUrl()); }

    /** The folder the README links screenshots from (the MCP Inspector run refreshes them). */
    public static Path screenshots() { return stack().root().resolve("docs/screenshots"); }

    /** Screenshots of the other clients' sign-ins, kept with the build's reports. */
    public static Path evidence() { return stack().root().resolve("e2e-tests/target/screenshots"); }

    /** A fresh working folder (used as HOME) for a client run, so runs never share state. */
    public static Path workDir(String name) throws Exception {
        Path base = stack().root().resolve("e2e-tests/target/e2e-work");
        Files.createDirectories(base);
        return Files.createTempDirectory(base, name + "-");
    }

    /** Environment for a Node client: its own HOME, no browser of its own. */
    public static Map<String, String> nodeEnv(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("BROWSER", "none");
        env.put("NO_COLOR", "1");
        return env;
    }

    public static String node() { return "node"; }

    /** The npm tools the stack installs (tools/node_modules). */
    public static Path nodeTools() { return stack().root().resolve("tools/node_modules"); }

    public static String tool(String bin) { return nodeTools().resolve(".bin").resolve(bin).toString(); }

    /** The demo's stocks by region (stocks-war's StockRepository): a user sees exactly their region's. */
    public static final Set<String> USA_SYMBOLS = Set.of("COM1", "COM4", "COM5");
    public static final Set<String> EUROPE_SYMBOLS = Set.of("COM2", "COM3", "COM6");

    private static final Pattern SYMBOL = Pattern.compile("COM\\d+");

    /** Every stock symbol ({@code COM<n>}) that appears anywhere in a client's output. */
    public static Set<String> symbols(String toolOutput) {
        Set<String> found = new TreeSet<>();
        Matcher m = SYMBOL.matcher(toolOutput);
        while (m.find()) found.add(m.group());
        return found;
    }

    /** A USA user sees exactly COM1, COM4 and COM5 (with their prices) and nothing of Europe. */
    public static void assertUsaStocks(String toolOutput) {
        assertThat(symbols(toolOutput)).as("stock symbols in the USA user's tool result:%n%s", toolOutput)
                .containsExactlyInAnyOrderElementsOf(USA_SYMBOLS);
        assertThat(toolOutput).as("USA user's tool result").contains("450.22", "180.75", "73.18");
    }

    /** A Europe user sees exactly COM2, COM3 and COM6 (with their prices) and nothing of the USA. */
    public static void assertEuropeStocks(String toolOutput) {
        assertThat(symbols(toolOutput)).as("stock symbols in the Europe user's tool result:%n%s", toolOutput)
                .containsExactlyInAnyOrderElementsOf(EUROPE_SYMBOLS);
        assertThat(toolOutput).as("Europe user's tool result").contains("250.62", "21.07");
    }

    public static void assertStocksFor(String user, String toolOutput) {
        if (JOHN.equals(user)) assertUsaStocks(toolOutput); else assertEuropeStocks(toolOutput);
    }

    public static List<String> users() { return List.of(JOHN, JANE); }
}
