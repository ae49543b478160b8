package example.mcpauth.docker;

import static example.mcpauth.docker.Deployment.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker/compose.yml: parses, has the deployment's services, publishes only Kong, builds from files that exist. */
class ComposeFileTest {

    @Test
    void hasExactlyTheDeploymentsServices() {
        assertThat(composeServices().keySet()).containsExactlyInAnyOrderElementsOf(SERVICES);
    }

    @Test
    void onlyKongIsPublishedAndOnlyOnLoopbackWithTls() {
        Map<String, String> env = composeEnv();
        for (String name : composeServices().keySet()) {
            Map<String, Object> svc = service(name);
            if (!name.equals(PUBLISHED)) {
                assertThat(svc).as("service %s must not publish ports", name).doesNotContainKey("ports");
                assertThat(svc.get("network_mode")).as("service %s network_mode", name).isNotEqualTo("host");
                continue;
            }
            List<Object> ports = list(svc.get("ports"), "kong ports");
            assertThat(ports).as("kong publishes one port: TLS").hasSize(1);
            String port = interpolate(String.valueOf(ports.get(0)), env, "kong ports");
            assertThat(port).as("kong's published port (loopback only, to Kong's TLS listener 8443)")
                    .isEqualTo("127.0.0.1:" + env.get("DOCKER_HTTPS_PORT") + ":8443");
            assertThat(environment("kong").get("KONG_PROXY_LISTEN")).as("KONG_PROXY_LISTEN")
                    .contains("0.0.0.0:8443 ssl");
            assertThat(environment("kong").get("KONG_ADMIN_LISTEN")).as("Kong's admin API is off").isEqualTo("off");
        }
    }

    @Test
    void kongIsDbLessWithTheDeclarativeConfigAndThePlugin() {
        Map<String, String> kong = environment("kong");
        assertThat(kong).containsEntry("KONG_DATABASE", "off")
                .containsEntry("KONG_DECLARATIVE_CONFIG", "/etc/kong/kong.yml");
        assertThat(List.of(kong.get("KONG_PLUGINS").split(","))).containsExactlyInAnyOrder("bundled", "phantom-token");
        // the certificate is mounted read-only from docker/certs, the files create-certs.sh makes
        List<Object> volumes = list(service("kong").get("volumes"), "kong volumes");
        assertThat(volumes).map(String::valueOf).containsExactlyInAnyOrder(
                "./certs/demo.example.crt:" + kong.get("KONG_SSL_CERT") + ":ro",
                "./certs/demo.example.key:" + kong.get("KONG_SSL_CERT_KEY") + ":ro");
        assertThat(read(DOCKER.resolve("certs/create-certs.sh")))
                .contains("$OUT/demo.example.crt").contains("$OUT/demo.example.key");
    }

    @Test
    void everyServiceHasAHealthCheckOrItsImageHasOne() {
        for (String name : List.of("kong", "liberty", "keycloak")) {
            Map<String, Object> hc = map(service(name).get("healthcheck"), name + " healthcheck");
            assertThat(list(hc.get("test"), name + " healthcheck test")).isNotEmpty();
        }
        // the maildev image defines its own HEALTHCHECK; it is used as-is
        assertThat(String.valueOf(service("maildev").get("image"))).startsWith("maildev/maildev:");
    }

    @Test
    void healthChecksProbeThePortsTheServicesListenOn() {
        Map<String, String> env = composeEnv();
        String liberty = interpolate(String.valueOf(map(service("liberty").get("healthcheck"), "hc").get("test")), env, "liberty healthcheck");
        assertThat(liberty).contains("/dev/tcp/127.0.0.1/" + env.get("LIBERTY_HTTP_PORT")).contains("/health/ready");
        String keycloak = interpolate(String.valueOf(map(service("keycloak").get("healthcheck"), "hc").get("test")), env, "keycloak healthcheck");
        assertThat(keycloak).contains("/dev/tcp/127.0.0.1/" + env.get("KEYCLOAK_MANAGEMENT_PORT")).contains("/health/ready");
    }

    @Test
    void imagesAreBuiltFromTheRepositoryRootWithDockerfilesThatExist() {
        for (String name : List.of("kong", "liberty", "keycloak")) {
            Map<String, Object> build = map(service(name).get("build"), name + " build");
            assertThat(build.get("context")).as("%s build context", name).isEqualTo("..");
            Path dockerfile = ROOT.resolve(String.valueOf(build.get("dockerfile")));
            assertThat(dockerfile).as("%s Dockerfile", name).isEqualTo(DOCKER.resolve(name).resolve("Dockerfile")).exists();
            // a Dockerfile-specific ignore file keeps the context (the whole repository) small
            assertThat(Path.of(dockerfile + ".dockerignore")).exists();
            // every build argument comes from docker/.env and is declared by the Dockerfile
            Map<String, String> declared = args(dockerfile(dockerfile));
            Object buildArgs = build.get("args");
            if (buildArgs != null) {
                map(buildArgs, name + " build args").forEach((k, v) -> {
                    assertThat(declared).as("ARG %s in %s", k, rel(dockerfile)).containsKey(k);
                    assertThat(String.valueOf(v)).isEqualTo("${" + k + "}");
                    assertThat(composeEnv()).containsKey(k);
                });
            }
        }
    }

    @Test
    void everyInterpolatedValueIsDefinedInDockerEnv() {
        Map<String, String> env = composeEnv();
        Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)").matcher(read(COMPOSE));
        int n = 0;
        while (m.find()) {
            n++;
            assertThat(env).as("compose.yml uses ${%s}", m.group(1)).containsKey(m.group(1));
        }
        assertThat(n).as("compose.yml takes its values from docker/.env").isGreaterThan(20);
    }

    @Test
    void dockerIgnoreFilesLetThroughWhatTheDockerfilesCopy() {
        for (String name : List.of("kong", "liberty", "keycloak")) {
            Path dockerfile = DOCKER.resolve(name).resolve("Dockerfile");
            List<String> allowed = read(Path.of(dockerfile + ".dockerignore")).lines()
                    .filter(l -> l.startsWith("!")).map(l -> l.substring(1)).toList();
            assertThat(read(Path.of(dockerfile + ".dockerignore")).lines().filter(l -> !l.startsWith("#")).findFirst())
                    .as("%s.dockerignore starts by excluding everything", name).hasValue("*");
            for (Copy c : copies(dockerfile(dockerfile))) {
                for (String src : c.sources()) {
                    assertThat(allowed).as("%s.dockerignore lets %s through", name, src)
                            .anyMatch(a -> src.equals(a) || src.startsWith(a.endsWith("/") ? a : a + "/"));
                }
            }
        }
    }
}
