package example.mcpauth.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The running stack's settings, resolved by the same script the run command uses. */
public final class StackSettings {

    private static StackSettings instance;
    private final Map<String, String> values;
    private final Path root;

    private StackSettings(Path root, Map<String, String> values) {
        this.root = root;
        this.values = values;
    }

    public static synchronized StackSettings get() {
        if (instance == null) {
            Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
            instance = new StackSettings(root, load(root));
        }
        return instance;
    }

    private static Map<String, String> load(Path root) {
        try {
            Process p = new ProcessBuilder("bash", root.resolve("scripts/config.sh").toString())
                    .directory(root.toFile()).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("scripts/config.sh failed: "
                        + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : out.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) values.put(line.substring(0, eq), line.substring(eq + 1));
            }
            return values;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String value(String key) {
        String v = values.get(key);
        if (v == null) throw new IllegalArgumentException("no setting " + key + " in config/stack.env");
        return v;
    }

    public Path root() { return root; }
    public Path stateDir() { return Path.of(value("STACK_STATE_DIR")); }
    public String mcpUrl() { return value("MCP_RESOURCE"); }
    public String gatewayUrl() { return value("GATEWAY_URL"); }
    public String issuer() { return value("AS_ISSUER"); }
    public String keycloakUrl() { return value("KEYCLOAK_URL"); }
    public String realm() { return value("REALM"); }
    public String inboxUrl() { return value("MAIL_WEB_URL"); }
    public String stocksApiUrl() { return value("STOCKS_API_URL"); }
    public String libertyUrl() { return "http://127.0.0.1:" + value("LIBERTY_HTTP_PORT"); }
    public Path nodeTools() { return root.resolve("tools/node_modules"); }
}
