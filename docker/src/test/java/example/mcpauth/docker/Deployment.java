package example.mcpauth.docker;

import example.mcpauth.testsupport.Command;
import example.mcpauth.testsupport.SettingsFile;
import example.mcpauth.testsupport.StackSettings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The Docker deployment's files, read the way Docker Compose and the project's scripts read them. */
final class Deployment {
    static final Path ROOT = Path.of(System.getProperty("stack.root", "..")).toAbsolutePath().normalize();
    static final Path DOCKER = ROOT.resolve("docker");
    static final Path COMPOSE = DOCKER.resolve("compose.yml");
    static final Path ENV = DOCKER.resolve(".env");
    /** The deployment's own settings; docker/.env is generated from config/stack.env and this file. */
    static final Path SETTINGS_ENV = DOCKER.resolve("settings.env");
    /** The purge endpoint's server block that Kong's nginx includes (generated with kong.yml). */
    static final Path PURGE_SERVER = DOCKER.resolve("kong/purge-server.conf");
    static final Path KONG_YML = DOCKER.resolve("kong/kong.yml");
    static final Path STACK_ENV = ROOT.resolve("config/stack.env");

    /** The compose services (and the name Kong's kong.yml reaches each one by). */
    static final Set<String> SERVICES = Set.of("kong", "liberty", "keycloak", "maildev");
    /** The only service published to the host. */
    static final String PUBLISHED = "kong";

    /**
     * Keys of docker/.env that config/stack.env does not have, and why: everything else in
     * docker/.env is a config/stack.env setting with the container deployment's value.
     */
    static final Map<String, String> DOCKER_ONLY_KEYS = Map.ofEntries(
            Map.entry("KEYCLOAK_VERSION", "Keycloak image tag (build.sh passes the parent pom's keycloak.version)"),
            Map.entry("KONG_VERSION", "Kong image tag"),
            Map.entry("LIBERTY_IMAGE_TAG", "Open Liberty image tag (Java 21)"),
            Map.entry("MAILDEV_VERSION", "maildev image tag"),
            Map.entry("MCP_HOST", "public host of the MCP server"),
            Map.entry("API_HOST", "public host of the stocks API"),
            Map.entry("LOGIN_HOST", "public host of Keycloak"),
            Map.entry("MAIL_HOST", "public host of the test inbox"),
            Map.entry("ADMIN_HOST", "host name for an administration route (in the certificate)"),
            Map.entry("DOCKER_HTTPS_PORT", "host port of Kong's TLS listener"));

    private Deployment() {}

    static String read(Path p) {
        assertThat(p).as("file %s", ROOT.relativize(p)).exists();
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String rel(Path p) {
        return ROOT.relativize(p.toAbsolutePath().normalize()).toString();
    }

    // ---- settings ---------------------------------------------------------------------------

    private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)((:?[-?])([^}]*))?\\}|\\$\\$");

    /** KEY=VALUE lines of a settings file, unresolved, in file order (test-support's {@link SettingsFile}). */
    static Map<String, String> rawSettings(Path file) {
        assertThat(file).as("file %s", ROOT.relativize(file)).exists();
        return SettingsFile.rawValues(file);
    }

    /** docker/.env resolved as Docker Compose does: in file order, ${KEY} of a key above. */
    static Map<String, String> composeEnv() {
        Map<String, String> out = new LinkedHashMap<>();
        rawSettings(ENV).forEach((k, v) -> out.put(k, interpolate(v, out, ".env key " + k)));
        return out;
    }

    /** Compose interpolation: ${KEY}, ${KEY:-default}, ${KEY-default}, ${KEY:?err}, $$. */
    static String interpolate(String s, Map<String, String> vars, String where) {
        Matcher m = REF.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String rep;
            if (m.group().equals("$$")) {
                rep = "$";
            } else {
                String name = m.group(1);
                String value = vars.get(name);
                String op = m.group(3);
                if (op != null && op.endsWith("-") && (value == null || (op.startsWith(":") && value.isEmpty()))) {
                    value = m.group(4);
                }
                assertThat(value).as("%s uses ${%s}, which docker/.env does not define", where, name).isNotNull();
                rep = value;
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(rep));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * The settings as the project's scripts see them with this STACK_CONFIG (docker/.env is what
     * docker/build.sh renders the realm with), in an environment without config/stack.env's keys:
     * test-support's {@link StackSettings}, which its tests hold to scripts/config.sh's output.
     */
    static Map<String, String> scriptSettings(String stackConfig) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeAll(SettingsFile.keys(STACK_ENV));
        env.put("STACK_CONFIG", stackConfig);
        return StackSettings.resolve(ROOT, env).asMap();
    }

    // ---- YAML -------------------------------------------------------------------------------

    static Object yaml(Path p) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options)).load(read(p));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        assertThat(o).as(what).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String what) {
        assertThat(o).as(what).isInstanceOf(List.class);
        return (List<Object>) o;
    }

    /** compose.yml's services. */
    static Map<String, Object> composeServices() {
        return map(map(yaml(COMPOSE), "compose.yml").get("services"), "compose.yml services");
    }

    static Map<String, Object> service(String name) {
        return map(composeServices().get(name), "compose.yml service " + name);
    }

    /** A service's environment (map or KEY=VALUE list form), raw (before interpolation). */
    static Map<String, String> rawEnvironment(String service) {
        Object env = service(service).get("environment");
        Map<String, String> out = new LinkedHashMap<>();
        if (env == null) return out;
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else {
            for (Object e : list(env, service + " environment")) {
                String s = String.valueOf(e);
                int i = s.indexOf('=');
                out.put(i < 0 ? s : s.substring(0, i), i < 0 ? null : s.substring(i + 1));
            }
        }
        return out;
    }

    /** A service's environment with docker/.env interpolated. */
    static Map<String, String> environment(String service) {
        Map<String, String> env = composeEnv();
        Map<String, String> out = new LinkedHashMap<>();
        rawEnvironment(service).forEach((k, v) ->
                out.put(k, v == null ? null : interpolate(v, env, "compose.yml " + service + " environment " + k)));
        return out;
    }

    static String host(String url) {
        return URI.create(url).getHost();
    }

    /** The public host names of the deployment (the certificate's SANs). */
    static List<String> publicHosts() {
        Map<String, String> env = composeEnv();
        List<String> hosts = new ArrayList<>();
        for (String k : List.of("MCP_HOST", "API_HOST", "LOGIN_HOST", "MAIL_HOST", "ADMIN_HOST")) {
            assertThat(env).as("docker/.env").containsKey(k);
            hosts.add(env.get(k));
        }
        return hosts;
    }

    // ---- Dockerfiles ------------------------------------------------------------------------

    record Instruction(String keyword, String args) {}

    /** A Dockerfile's instructions (continuation lines joined, comments dropped). */
    static List<Instruction> dockerfile(Path p) {
        List<Instruction> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : read(p).split("\n")) {
            String t = line.strip();
            if (cur.isEmpty() && (t.isEmpty() || t.startsWith("#"))) continue;
            if (!cur.isEmpty() && t.startsWith("#")) continue;
            if (t.endsWith("\\")) {
                cur.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            cur.append(t);
            String s = cur.toString().strip();
            cur.setLength(0);
            int i = s.indexOf(' ');
            out.add(new Instruction(s.substring(0, i < 0 ? s.length() : i).toUpperCase(), i < 0 ? "" : s.substring(i + 1).strip()));
        }
        return out;
    }

    record Copy(List<String> sources, String destination, List<String> flags) {}

    /** COPY/ADD instructions: sources (relative to the build context = repository root) and destination. */
    static List<Copy> copies(List<Instruction> instructions) {
        List<Copy> out = new ArrayList<>();
        for (Instruction in : instructions) {
            if (!in.keyword().equals("COPY") && !in.keyword().equals("ADD")) continue;
            List<String> words = new ArrayList<>(List.of(in.args().split("\\s+")));
            List<String> flags = new ArrayList<>();
            while (!words.isEmpty() && words.get(0).startsWith("--")) flags.add(words.remove(0));
            assertThat(words).as("%s %s", in.keyword(), in.args()).hasSizeGreaterThanOrEqualTo(2);
            out.add(new Copy(List.copyOf(words.subList(0, words.size() - 1)), words.get(words.size() - 1), flags));
        }
        return out;
    }

    /** ARG defaults of a Dockerfile. */
    static Map<String, String> args(List<Instruction> instructions) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Instruction in : instructions) {
            if (!in.keyword().equals("ARG")) continue;
            int i = in.args().indexOf('=');
            out.put(i < 0 ? in.args() : in.args().substring(0, i), i < 0 ? null : in.args().substring(i + 1));
        }
        return out;
    }

    // ---- processes --------------------------------------------------------------------------

    /** Runs a command in the repository root; returns its output lines; asserts the exit code. */
    static List<String> run(List<String> command, Map<String, String> env, int expectedExit) {
        // settings inherited from a caller (e.g. ./stack test exports them) would win over the
        // files under test: start from an environment without any of config/stack.env's keys
        return Command.in(ROOT).without(SettingsFile.keys(STACK_ENV)).env(env).timeout(Duration.ofSeconds(60))
                .run(command).expectExit(expectedExit).lines();
    }
}
