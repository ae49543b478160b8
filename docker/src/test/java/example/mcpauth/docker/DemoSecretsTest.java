package example.mcpauth.docker;

import static example.mcpauth.docker.Deployment.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No secret in the deployment's files that is not a documented demo value. The one place the
 * secrets are listed: the *_SECRET / *_PASSWORD keys of docker/.env, whose values must be the
 * documented demo values of config/stack.env (and appear in docker/README.md's table).
 */
class DemoSecretsTest {
    static final Pattern SECRET_KEY = Pattern.compile(".*(SECRET|PASSWORD).*");
    /** A literal assignment of something secret-looking in YAML, shell, Lua or Dockerfiles. */
    static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?i)([A-Za-z0-9_.-]*(secret|password|passwd)[A-Za-z0-9_.-]*)\\s*[:=]\\s*([\"']?)([^\\s\"',}]+)");

    static Map<String, String> documentedSecrets() {
        Map<String, String> out = new LinkedHashMap<>();
        composeEnv().forEach((k, v) -> { if (SECRET_KEY.matcher(k).matches()) out.put(k, v); });
        return out;
    }

    @Test
    void theDockerSecretsAreTheDocumentedDemoValues() {
        Map<String, String> secrets = documentedSecrets();
        assertThat(secrets).containsOnlyKeys("KEYCLOAK_ADMIN_PASSWORD", "GATEWAY_CLIENT_SECRET", "MCP_SERVER_CLIENT_SECRET", "GATEWAY_PURGE_SECRET");
        Map<String, String> stack = rawSettings(STACK_ENV);
        String readme = read(DOCKER.resolve("README.md"));
        secrets.forEach((k, v) -> {
            assertThat(v).as("%s in docker/.env = its documented demo value in config/stack.env", k).isEqualTo(stack.get(k));
            assertThat(readme).as("docker/README.md lists the demo secret %s", k).contains("`" + k + "`");
        });
    }

    @Test
    void composeTakesEverySecretFromDockerEnv() {
        for (String svc : SERVICES) {
            rawEnvironment(svc).forEach((k, v) -> {
                if (SECRET_KEY.matcher(k).matches()) {
                    assertThat(v).as("%s environment %s must be a ${...} reference to docker/.env", svc, k).matches("\\$\\{[A-Z_]+\\}");
                }
            });
        }
    }

    @Test
    void noFileOfTheDeploymentHoldsAnUndocumentedSecretOrAPrivateKey() throws IOException {
        Set<String> allowed = new java.util.HashSet<>(documentedSecrets().values());
        List<Path> files;
        try (Stream<Path> s = Files.walk(DOCKER)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(DOCKER.resolve("target")) && !p.startsWith(DOCKER.resolve(".build"))
                            && !p.startsWith(DOCKER.resolve("src")))
                    .filter(p -> !p.startsWith(DOCKER.resolve("certs")) || p.getFileName().toString().endsWith(".sh"))
                    .toList();
        }
        assertThat(files).contains(COMPOSE, KONG_YML, ENV);
        int checked = 0;
        for (Path f : files) {
            String text = read(f);
            assertThat(text).as("%s holds a private key", rel(f)).doesNotContain("PRIVATE KEY-----");
            for (String line : text.split("\n")) {
                String code = line.strip();
                if (code.startsWith("#") || code.startsWith("--") || code.startsWith("//")) continue;
                Matcher m = SECRET_ASSIGNMENT.matcher(code);
                while (m.find()) {
                    String value = m.group(4);
                    // in Lua an unquoted value is an expression (conf.client_secret), not a literal
                    if (f.toString().endsWith(".lua") && m.group(3).isEmpty()) continue;
                    // Kubernetes names a Secret by secretName (docker/kubernetes): a reference, not a value
                    if (m.group(1).equals("secretName")) continue;
                    checked++;
                    boolean ok = allowed.contains(value) || value.startsWith("${") || value.startsWith("$") || value.startsWith("{vault://")
                            || value.startsWith("/") || value.startsWith("{") || value.startsWith("<") || value.equals("false") || value.equals("true")
                            || value.endsWith(".key") || value.endsWith(".crt") || value.matches("[A-Z_]+") || value.matches("[a-z_.]+\\(.*")
                            || value.equals("required");
                    assertThat(ok).as("%s: '%s' sets %s to a value that is not a documented demo secret", rel(f), code, m.group(1)).isTrue();
                }
            }
        }
        assertThat(checked).as("secret assignments examined").isGreaterThan(3);
    }

    @Test
    void keysAndCertificatesAreGitIgnored() {
        String ignore = read(DOCKER.resolve(".gitignore"));
        assertThat(ignore).contains("certs/*").contains("!certs/create-certs.sh").contains(".build/");
    }
}
