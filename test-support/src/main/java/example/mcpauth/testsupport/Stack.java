package example.mcpauth.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The stack this test run talks to: the project root and its settings for this JVM's environment
 * (so {@code STACK_CONFIG=config/test.env} set by the build selects the test ports).
 */
public final class Stack {

    private static StackSettings settings;

    private Stack() { }

    /**
     * The project root: system property {@code stack.root} (or {@code project.root}), else
     * {@code $STACK_ROOT}, else the nearest folder at or above the working folder that has
     * config/stack.env and scripts/lib/common.sh.
     */
    public static Path root() {
        String configured = System.getProperty("stack.root", System.getProperty("project.root"));
        if (configured == null || configured.isEmpty()) {
            configured = System.getenv("STACK_ROOT");
        }
        if (configured != null && !configured.isEmpty()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(StackSettings.DEFAULTS)) && Files.isRegularFile(p.resolve("scripts/lib/common.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("no project root at or above " + Path.of("").toAbsolutePath()
                + " (set -Dstack.root)");
    }

    /** The settings for this JVM's environment, resolved once. */
    public static synchronized StackSettings settings() {
        if (settings == null) {
            settings = StackSettings.resolve(root(), System.getenv());
        }
        return settings;
    }

    /** One setting (see {@link StackSettings#get(String)}). */
    public static String get(String key) {
        return settings().get(key);
    }

    /** The authorization server's issuer ({@code AS_ISSUER}). */
    public static String issuer() {
        return get("AS_ISSUER");
    }
}
