package example.mcpauth.docker;

import static example.mcpauth.docker.Deployment.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Keycloak image: the version the local stack runs, our realm template and provider JAR, and
 * the start options of scripts/keycloak.sh.
 */
class KeycloakImageTest {
    static final Path DOCKERFILE = DOCKER.resolve("keycloak/Dockerfile");
    static final Path KEYCLOAK_SH = ROOT.resolve("scripts/keycloak.sh");
    /** Options whose value differs in the container by design (listeners, public host name). */
    static final List<String> CONTAINER_VALUES = List.of("--http-host", "--http-port", "--http-management-host",
            "--http-management-port", "--hostname");

    static String parentKeycloakVersion() {
        Matcher m = Pattern.compile("<keycloak.version>([^<]+)</keycloak.version>").matcher(read(ROOT.resolve("pom.xml")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** NAME=value assignments of scripts/keycloak.sh, with $MODULE / $STACK_ROOT made repository-relative. */
    static Map<String, String> scriptVariables() {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^([A-Z_]+)=\"?([^\"\\n]*)\"?$").matcher(read(KEYCLOAK_SH));
        while (m.find()) out.put(m.group(1), m.group(2));
        return out;
    }

    static String repoPath(String scriptPath) {
        return scriptPath.replace("$MODULE", "authorization-server").replace("$STACK_ROOT/", "");
    }

    @Test
    void imageIsTheOfficialKeycloakOfTheVersionTheLocalStackRuns() {
        List<Instruction> in = dockerfile(DOCKERFILE);
        assertThat(in.stream().filter(i -> i.keyword().equals("FROM")).map(Instruction::args))
                .containsExactly("quay.io/keycloak/keycloak:${KEYCLOAK_VERSION}");
        String version = parentKeycloakVersion();
        assertThat(version).startsWith("26.");
        assertThat(args(in).get("KEYCLOAK_VERSION")).isEqualTo(version);
        assertThat(composeEnv().get("KEYCLOAK_VERSION")).isEqualTo(version);
    }

    @Test
    void imageHoldsTheProviderJarAndTheRenderedRealmThatScriptsKeycloakShUses() {
        Map<String, String> vars = scriptVariables();
        String providerJar = repoPath(vars.get("PROVIDER_JAR"));
        String template = repoPath(vars.get("REALM_TEMPLATE"));
        Map<String, String> copied = new LinkedHashMap<>();
        for (Copy c : copies(dockerfile(DOCKERFILE))) for (String s : c.sources()) copied.put(s, c.destination());
        assertThat(copied).containsEntry(providerJar, "/opt/keycloak/providers/" + Path.of(providerJar).getFileName())
                .containsEntry("docker/.build/keycloak/mcp-demo-realm.json", "/opt/keycloak/data/import/mcp-demo-realm.json")
                .hasSize(2);
        // render-realm.sh renders with scripts/keycloak.sh's own template path and render function
        String render = read(DOCKER.resolve("keycloak/render-realm.sh"));
        assertThat(render).contains("grep -E '^(MODULE|REALM_TEMPLATE)=' \"$KEYCLOAK_SH\"")
                .contains("sed -n '/^render_realm() {/,/^}/p' \"$KEYCLOAK_SH\"").contains("render_realm \"$OUT\"");
        assertThat(read(KEYCLOAK_SH)).containsPattern("(?m)^render_realm\\(\\) \\{$");
        assertThat(ROOT.resolve(template)).exists();
        assertThat(read(DOCKER.resolve("build.sh"))).contains("keycloak/render-realm.sh\" \"$BUILD/keycloak/mcp-demo-realm.json\"")
                .contains(providerJar);
    }

    @Test
    void startsWithTheOptionsOfScriptsKeycloakSh() {
        Map<String, String> vars = scriptVariables();
        // the kc.sh command line of scripts/keycloak.sh
        Matcher m = Pattern.compile("(?s)bin/kc\\.sh\"? (start-dev|start)(.*?)\\n\\s*if ").matcher(read(KEYCLOAK_SH));
        assertThat(m.find()).as("scripts/keycloak.sh runs kc.sh").isTrue();
        String mode = m.group(1);
        List<String> local = new ArrayList<>();
        Matcher o = Pattern.compile("--[a-z][a-z0-9-]*(=\"?[^\\s\"]*\"?)?").matcher(m.group(2));
        while (o.find()) local.add(o.group().replace("\"", ""));
        assertThat(local).isNotEmpty();

        Map<String, String> env = composeEnv();
        List<String> command = list(service("keycloak").get("command"), "keycloak command").stream()
                .map(x -> interpolate(String.valueOf(x), env, "keycloak command")).toList();
        assertThat(command.get(0)).isEqualTo(mode);
        for (String opt : local) {
            String name = opt.contains("=") ? opt.substring(0, opt.indexOf('=')) : opt;
            String value = opt.contains("=") ? opt.substring(opt.indexOf('=') + 1) : null;
            if (value != null && value.startsWith("$") && vars.containsKey(value.substring(1))) value = vars.get(value.substring(1));
            List<String> mine = command.stream().filter(c -> c.equals(name) || c.startsWith(name + "=")).toList();
            if (name.equals("--http-management-host")) continue; // default (all interfaces) in the container
            assertThat(mine).as("compose.yml keycloak command has %s (scripts/keycloak.sh uses it)", name).hasSize(1);
            if (value != null && !value.contains("$") && !CONTAINER_VALUES.contains(name)) {
                assertThat(mine.get(0)).isEqualTo(name + "=" + value);
            }
        }
        assertThat(command).contains("--hostname=" + env.get("KEYCLOAK_URL"), "--http-port=" + env.get("KEYCLOAK_PORT"),
                "--http-management-port=" + env.get("KEYCLOAK_MANAGEMENT_PORT"), "--hostname-backchannel-dynamic=true",
                "--http-host=0.0.0.0", "--proxy-headers=xforwarded");
        // the bootstrap admin, as scripts/keycloak.sh sets it
        assertThat(environment("keycloak")).containsEntry("KC_BOOTSTRAP_ADMIN_USERNAME", env.get("KEYCLOAK_ADMIN_USER"))
                .containsEntry("KC_BOOTSTRAP_ADMIN_PASSWORD", env.get("KEYCLOAK_ADMIN_PASSWORD"));
    }

    @Test
    void theEventListenerPurgesKongsCache() {
        Map<String, String> env = composeEnv();
        String keycloakSh = read(KEYCLOAK_SH);
        List<String> command = list(service("keycloak").get("command"), "keycloak command").stream()
                .map(x -> interpolate(String.valueOf(x), env, "keycloak command")).toList();
        // the options scripts/keycloak.sh gives the listener, with the container's values
        for (String option : List.of("--spi-events-listener--mcp-gateway-purge--url", "--spi-events-listener--mcp-gateway-purge--timeout-millis",
                "--metrics-enabled")) {
            assertThat(keycloakSh).as("scripts/keycloak.sh passes %s", option).contains(option + "=");
        }
        assertThat(command).contains("--spi-events-listener--mcp-gateway-purge--url=" + env.get("GATEWAY_PURGE_URL"),
                "--spi-events-listener--mcp-gateway-purge--timeout-millis=" + env.get("GATEWAY_PURGE_TIMEOUT_MS"), "--metrics-enabled=true");
        // ... pointing at Kong's purge server on the compose network, with its secret by environment
        URI url = URI.create(env.get("GATEWAY_PURGE_URL"));
        assertThat(url.getHost()).isEqualTo("kong");
        assertThat(url.getPort()).isEqualTo(Integer.parseInt(env.get("GATEWAY_ADMIN_PORT")));
        assertThat(url.getPath()).isEqualTo("/internal/purge");
        assertThat(read(PURGE_SERVER)).contains("listen " + env.get("STACK_BIND") + ":" + url.getPort() + ";");
        assertThat(keycloakSh).contains("KC_SPI_EVENTS_LISTENER__MCP_GATEWAY_PURGE__SECRET=$GATEWAY_PURGE_SECRET");
        assertThat(environment("keycloak")).containsEntry("KC_SPI_EVENTS_LISTENER__MCP_GATEWAY_PURGE__SECRET", env.get("GATEWAY_PURGE_SECRET"));
        assertThat(environment("kong")).containsEntry("GATEWAY_PURGE_SECRET", env.get("GATEWAY_PURGE_SECRET"));
    }

    @Test
    void realmRendersWithTheDockerSettings() throws Exception {
        String template = repoPath(scriptVariables().get("REALM_TEMPLATE"));
        assertThat(ROOT.resolve(template)).as("the realm template of authorization-server").exists();
        Path out = Files.createTempDirectory("docker-realm").resolve("realm.json");
        run(List.of("bash", DOCKER.resolve("keycloak/render-realm.sh").toString(), out.toString()), Map.of(), 0);
        String realm = Files.readString(out);
        assertThat(realm).doesNotContainPattern("\\$\\{[A-Z][A-Z0-9_]*\\}");
        Map<String, Object> json = map(new org.yaml.snakeyaml.Yaml().load(realm), "rendered realm");
        Map<String, String> env = composeEnv();
        assertThat(json.get("realm")).isEqualTo(env.get("REALM"));
        String tpl = read(ROOT.resolve(template));
        for (String k : List.of("MCP_RESOURCE", "STOCKS_API_AUDIENCE", "GATEWAY_CLIENT_SECRET", "MCP_SERVER_CLIENT_SECRET")) {
            if (tpl.contains("${" + k + "}")) assertThat(realm).as("rendered %s", k).contains(env.get(k));
        }
        // Keycloak sends the login codes to the maildev service, not to a loopback address
        Object smtp = json.get("smtpServer");
        if (smtp != null) {
            assertThat(map(smtp, "smtpServer").get("host")).as("realm smtpServer.host in the container").isEqualTo(env.get("MAIL_SMTP_HOST"));
            assertThat(String.valueOf(map(smtp, "smtpServer").get("port"))).isEqualTo(env.get("MAIL_SMTP_PORT"));
        }
    }
}
