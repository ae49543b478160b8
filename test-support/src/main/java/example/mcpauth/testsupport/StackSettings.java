package example.mcpauth.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack's settings resolved exactly as {@code scripts/lib/common.sh} ({@code stack_load_config})
 * resolves them, without running it:
 * <ol>
 * <li>the keys of {@code config/stack.env} in file order, then those only {@code $STACK_CONFIG}
 *     defines (a relative {@code STACK_CONFIG} is relative to the project root; empty = none);</li>
 * <li>each key's value: the environment's if the variable is set there (even empty; taken as is),
 *     else {@code $STACK_CONFIG}'s (its last line for the key), else {@code config/stack.env}'s
 *     (its first line for the key);</li>
 * <li>a file value's {@code ${NAME}} references are replaced by what {@code NAME} holds at that
 *     point: a key resolved above it, else the environment, else nothing; expansion stops at the
 *     first {@code $} that does not start a {@code ${NAME}}, the rest is kept as written;</li>
 * <li>a relative {@code STACK_STATE_DIR} is then made absolute against the root (keys resolved
 *     before that saw the relative value).</li>
 * </ol>
 * {@code SettingsTest} holds this to {@code scripts/config.sh}'s output for the project's files.
 */
public final class StackSettings {

    public static final String DEFAULTS = "config/stack.env";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final Path root;
    private final Map<String, String> values;

    private StackSettings(Path root, Map<String, String> values) {
        this.root = root;
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * The settings of the project at {@code root} for a process with this environment (which
     * holds {@code STACK_CONFIG}, if any, and the variables that win over the files).
     *
     * @throws IllegalArgumentException when {@code STACK_CONFIG} names a file that does not exist
     */
    public static StackSettings resolve(Path root, Map<String, String> environment) {
        Path absoluteRoot = root.toAbsolutePath().normalize();
        String rootText = absoluteRoot.toString();
        String overrideName = environment.getOrDefault("STACK_CONFIG", "");
        Path override = null;
        if (!overrideName.isEmpty()) {
            override = Path.of(overrideName.startsWith("/") ? overrideName : rootText + "/" + overrideName);
            if (!Files.isRegularFile(override)) {
                throw new IllegalArgumentException("STACK_CONFIG names " + override + ", which does not exist");
            }
        }
        Map<String, String> overrides = new HashMap<>();
        if (override != null) {
            for (SettingsFile.Assignment a : SettingsFile.read(override)) {
                overrides.put(a.key(), a.value());
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        Function<String, String> shellVariable = name -> {
            if (values.containsKey(name)) {
                return values.get(name);
            }
            if (environment.containsKey(name)) {
                return environment.get(name);
            }
            return "STACK_ROOT".equals(name) ? rootText : "";
        };
        Path[] files = override == null ? new Path[] {absoluteRoot.resolve(DEFAULTS)}
                : new Path[] {absoluteRoot.resolve(DEFAULTS), override};
        for (Path file : files) {
            for (SettingsFile.Assignment a : SettingsFile.read(file)) {
                String key = a.key();
                if (values.containsKey(key)) {
                    continue;
                }
                String value;
                if (environment.containsKey(key)) {
                    value = environment.get(key);
                } else if (overrides.containsKey(key)) {
                    value = expand(overrides.get(key), shellVariable);
                } else {
                    value = expand(a.value(), shellVariable);
                }
                values.put(key, value);
            }
        }
        String state = values.get("STACK_STATE_DIR");
        if (state != null && !state.startsWith("/")) {
            values.put("STACK_STATE_DIR", rootText + "/" + state);
        }
        return new StackSettings(absoluteRoot, values);
    }

    /** common.sh's {@code _stack_expand} (and the command substitution around it). */
    static String expand(String value, Function<String, String> variable) {
        StringBuilder out = new StringBuilder();
        String rest = value;
        while (true) {
            int dollar = rest.indexOf('$');
            if (dollar < 0) {
                break;
            }
            Matcher m = REFERENCE.matcher(rest).region(dollar, rest.length());
            if (!m.lookingAt()) {
                break;
            }
            out.append(rest, 0, dollar).append(variable.apply(m.group(1)));
            rest = rest.substring(m.end());
        }
        out.append(rest);
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '\n') {
            end--;   // $(...) drops trailing newlines
        }
        return out.substring(0, end);
    }

    /** The project root these settings were resolved for. */
    public Path root() {
        return root;
    }

    /** A setting's value; an unknown key is a mistake in the test, so it throws. */
    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no setting " + key + " in " + DEFAULTS + " or $STACK_CONFIG");
        }
        return v;
    }

    public Optional<String> find(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public int port(String key) {
        return Integer.parseInt(get(key));
    }

    /** Every setting, in scripts/config.sh's order. */
    public Map<String, String> asMap() {
        return values;
    }

    // ---- the settings most tests need -------------------------------------------------------

    /** Absolute: logs/, pids/ and the components' working folders. */
    public Path stateDir() { return Path.of(get("STACK_STATE_DIR")); }
    /** The MCP server's resource identifier: the URL MCP clients connect to (through the gateway). */
    public String mcpUrl() { return get("MCP_RESOURCE"); }
    public String gatewayUrl() { return get("GATEWAY_URL"); }
    public String issuer() { return get("AS_ISSUER"); }
    public String keycloakUrl() { return get("KEYCLOAK_URL"); }
    public String realm() { return get("REALM"); }
    public String tokenEndpoint() { return get("AS_TOKEN_ENDPOINT"); }
    /** The test inbox's web UI and REST API as people reach it (STACK_HOST). */
    public String inboxUrl() { return get("MAIL_WEB_URL"); }
    public String stocksApiUrl() { return get("STOCKS_API_URL"); }
    /** Liberty's HTTP port on loopback, past the gateway. */
    public String libertyUrl() { return "http://127.0.0.1:" + get("LIBERTY_HTTP_PORT"); }

    @Override
    public String toString() {
        return "StackSettings" + values;
    }
}
