package example.mcpauth.docker;

import static example.mcpauth.docker.Deployment.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker/.env: generated from config/stack.env and docker/settings.env (no hand-kept copy of
 * config/stack.env's values), the same setting names as config/stack.env, resolved to the same
 * values by Docker Compose and by the project's scripts, and consistent with the seed's host names.
 */
class SettingsTest {

    @Test
    void dockerEnvIsWhatRenderSettingsWrites() {
        List<String> generated = run(List.of("bash", DOCKER.resolve("render-settings.sh").toString(), "--stdout"), Map.of(), 0);
        assertThat(read(ENV)).as("docker/.env is generated: run docker/render-settings.sh")
                .isEqualTo(String.join("\n", generated) + "\n");
    }

    @Test
    void settingsEnvHoldsOnlyTheDeploymentsOwnValuesEachWithADescription() {
        Map<String, String> stack = rawSettings(STACK_ENV);
        Map<String, String> own = rawSettings(SETTINGS_ENV);
        assertThat(own).as("docker/settings.env").isNotEmpty();
        own.forEach((k, v) -> {
            if (stack.containsKey(k)) {
                assertThat(v).as("docker/settings.env %s repeats config/stack.env's value: remove it", k).isNotEqualTo(stack.get(k));
            } else {
                assertThat(DOCKER_ONLY_KEYS).as("docker/settings.env %s is neither a config/stack.env setting nor a documented docker-only key", k)
                        .containsKey(k);
            }
        });
        List<String> lines = List.of(read(SETTINGS_ENV).split("\n"));
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=").matcher(lines.get(i));
            if (m.find()) {
                assertThat(i > 0 && lines.get(i - 1).startsWith("# ") && !lines.get(i - 1).startsWith("# ----"))
                        .as("docker/settings.env %s has its own description (a comment line right above it)", m.group(1)).isTrue();
            }
        }
    }

    @Test
    void everyKeyIsAStackSettingOrADocumentedDockerOnlyKey() {
        Set<String> stack = rawSettings(STACK_ENV).keySet();
        for (String key : rawSettings(ENV).keySet()) {
            if (!stack.contains(key)) {
                assertThat(DOCKER_ONLY_KEYS).as("docker/.env key %s is neither in config/stack.env nor a documented docker-only key", key)
                        .containsKey(key);
            }
        }
        // the documented docker-only keys are really used, and documented in the README
        String readme = read(DOCKER.resolve("README.md"));
        for (String key : DOCKER_ONLY_KEYS.keySet()) {
            assertThat(rawSettings(ENV)).as("docker-only key %s", key).containsKey(key);
            assertThat(readme).as("docker/README.md documents %s", key).contains(key);
        }
    }

    @Test
    void composeAndTheScriptsResolveEveryKeyToTheSameValue() {
        Map<String, String> compose = composeEnv();
        Map<String, String> scripts = scriptSettings(ENV.toString());
        compose.forEach((k, v) -> assertThat(scripts.get(k))
                .as("%s as Docker Compose reads docker/.env vs as scripts/lib/common.sh reads it over config/stack.env", k)
                .isEqualTo(v));
    }

    @Test
    void composeEnvironmentUsesTheSettingNamesThemselves() {
        // a container setting named like a stack setting takes exactly that setting: KEY: ${KEY}
        Set<String> stack = rawSettings(STACK_ENV).keySet();
        for (String svc : SERVICES) {
            rawEnvironment(svc).forEach((k, v) -> {
                if (stack.contains(k)) assertThat(v).as("%s environment %s", svc, k).isEqualTo("${" + k + "}");
            });
        }
    }

    @Test
    void publicUrlsUseTheSeedsHostNamesOverTls() {
        Map<String, String> env = composeEnv();
        assertThat(publicHosts()).containsExactly(
                "mcp.demo.example", "api.demo.example", "login.demo.example", "mail.demo.example", "admin.demo.example");
        assertThat(env.get("MCP_RESOURCE")).isEqualTo("https://" + env.get("MCP_HOST") + env.get("MCP_PATH"));
        assertThat(env.get("AS_ISSUER")).isEqualTo("https://" + env.get("LOGIN_HOST") + "/realms/" + env.get("REALM"));
        assertThat(env.get("KEYCLOAK_URL")).isEqualTo("https://" + env.get("LOGIN_HOST"));
        assertThat(env.get("STOCKS_API_AUDIENCE")).isEqualTo("https://" + env.get("API_HOST") + "/api");
        assertThat(env.get("GATEWAY_URL")).isEqualTo("https://" + env.get("MCP_HOST"));
        assertThat(env.get("MAIL_WEB_URL")).isEqualTo("https://" + env.get("MAIL_HOST"));
        assertThat(env.get("JWT_ALGORITHM")).as("Liberty's mpJwt verifies RS*/ES*, not PS256").matches("(RS|ES)(256|384|512)");
    }

    @Test
    void backChannelUrlsReachComposeServicesOnThePortsTheyListenOn() {
        Map<String, String> env = composeEnv();
        for (String k : new String[] {"AS_JWKS_URL", "AS_TOKEN_ENDPOINT", "AS_INTROSPECTION_ENDPOINT"}) {
            URI u = URI.create(env.get(k));
            assertThat(u.getHost()).as(k).isEqualTo("keycloak");
            assertThat(u.getPort()).as(k).isEqualTo(Integer.parseInt(env.get("KEYCLOAK_PORT")));
            assertThat(u.getPath()).as(k).startsWith("/realms/" + env.get("REALM") + "/");
        }
        // the internal paths are the local stack's, with another base URL
        Map<String, String> local = scriptSettings("");
        for (String k : new String[] {"AS_JWKS_URL", "AS_TOKEN_ENDPOINT", "AS_INTROSPECTION_ENDPOINT"}) {
            assertThat(URI.create(env.get(k)).getPath()).as(k).isEqualTo(URI.create(local.get(k)).getPath());
        }
        URI api = URI.create(env.get("STOCKS_API_URL"));
        assertThat(api.getHost()).as("the MCP server calls the API inside its own container").isEqualTo("127.0.0.1");
        assertThat(api.getPort()).isEqualTo(Integer.parseInt(env.get("LIBERTY_HTTP_PORT")));
        assertThat(env.get("MAIL_SMTP_HOST")).isEqualTo("maildev");
        assertThat(composeServices()).containsKey(env.get("MAIL_SMTP_HOST"));
    }

    @Test
    void stackEnvDefinesEveryKeyTheDockerValuesReferenceBeforeUse() {
        // docker/settings.env may only reference config/stack.env keys that config/stack.env defines above the
        // key being set (common.sh resolves in that order); docker-only keys are never referenced
        Map<String, String> raw = rawSettings(SETTINGS_ENV);
        var order = new java.util.ArrayList<>(rawSettings(STACK_ENV).keySet());
        Pattern ref = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}");
        raw.forEach((k, v) -> {
            Matcher m = ref.matcher(v);
            while (m.find()) {
                String used = m.group(1);
                assertThat(DOCKER_ONLY_KEYS).as("%s references docker-only key %s", k, used).doesNotContainKey(used);
                if (order.contains(k)) {
                    assertThat(order.indexOf(used)).as("%s references %s, defined later in config/stack.env", k, used)
                            .isBetween(0, order.indexOf(k) - 1);
                }
            }
        });
    }
}
