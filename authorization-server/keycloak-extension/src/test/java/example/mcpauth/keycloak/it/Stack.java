package example.mcpauth.keycloak.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The stack's settings as scripts/config.sh resolves them (config/stack.env, $STACK_CONFIG, env),
 * so the tests use exactly the ports and identifiers the started Keycloak and inbox use.
 */
final class Stack {

    private static Map<String, String> settings;

    private Stack() {
    }

    static synchronized String get(String key) {
        if (settings == null) {
            settings = load();
        }
        String value = settings.get(key);
        if (value == null) {
            throw new IllegalStateException("setting " + key + " is not defined in config/stack.env");
        }
        return value;
    }

    static String issuer() {
        return get("AS_ISSUER");
    }

    private static Map<String, String> load() {
        Path root = Path.of(System.getProperty("stack.root", "../..")).toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("scripts/config.sh").toString())
                .directory(root.toFile()).redirectErrorStream(false);
        try {
            Process process = pb.start();
            String out;
            try (InputStream in = process.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (process.waitFor() != 0) {
                throw new IllegalStateException("scripts/config.sh failed: "
                        + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            Map<String, String> map = new HashMap<>();
            for (String line : out.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    map.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return map;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run scripts/config.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
