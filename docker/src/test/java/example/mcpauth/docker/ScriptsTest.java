package example.mcpauth.docker;

import static example.mcpauth.docker.Deployment.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Docker user's scripts: they parse, are executable, and create-certs.sh really makes a CA and
 * a certificate for every host Kong serves.
 */
class ScriptsTest {
    static final List<String> SCRIPTS = List.of("build.sh", "deploy.sh", "render-settings.sh", "certs/create-certs.sh",
            "keycloak/render-realm.sh", "kong/render-kong.sh");

    @Test
    void scriptsParseAndAreExecutable() throws Exception {
        for (String s : SCRIPTS) {
            Path p = DOCKER.resolve(s);
            run(List.of("bash", "-n", p.toString()), Map.of(), 0);
            assertThat(Files.getPosixFilePermissions(p)).as("%s is executable", s).contains(PosixFilePermission.OWNER_EXECUTE);
            assertThat(read(p)).startsWith("#!/usr/bin/env bash\n").contains("set -euo pipefail");
        }
    }

    @Test
    void createCertsMakesACaAndACertificateForEveryHost() throws Exception {
        Path out = Files.createTempDirectory("docker-certs");
        run(List.of("bash", DOCKER.resolve("certs/create-certs.sh").toString(), out.toString()), Map.of(), 0);
        for (String f : List.of("ca.crt", "ca.key", "demo.example.crt", "demo.example.key")) assertThat(out.resolve(f)).exists();
        // the certificate chains to the CA and is a TLS server certificate
        assertThat(run(List.of("openssl", "verify", "-purpose", "sslserver", "-CAfile", out.resolve("ca.crt").toString(),
                out.resolve("demo.example.crt").toString()), Map.of(), 0)).anyMatch(l -> l.endsWith(": OK"));
        String san = String.join("\n", run(List.of("openssl", "x509", "-in", out.resolve("demo.example.crt").toString(),
                "-noout", "-ext", "subjectAltName"), Map.of(), 0));
        for (String host : publicHosts()) assertThat(san).as("SAN of the certificate").contains("DNS:" + host);
        for (KongConfigTest.Route r : KongConfigTest.routes().values()) {
            for (String h : r.hosts()) assertThat(san).as("route %s host %s is in the certificate", r.name(), h).contains("DNS:" + h);
        }
        // the CA key stays private; the server key is readable by Kong's unprivileged user
        assertThat(Files.getPosixFilePermissions(out.resolve("ca.key")))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        // a second run keeps what exists
        assertThat(run(List.of("bash", DOCKER.resolve("certs/create-certs.sh").toString(), out.toString()), Map.of(), 0))
                .anyMatch(l -> l.contains("certificates exist"));
    }

    @Test
    void readmeHasTheTwoCommandsAndTheHostsLine() {
        String readme = read(DOCKER.resolve("README.md"));
        assertThat(readme).contains("docker/build.sh").contains("docker/deploy.sh")
                .contains("127.0.0.1 " + String.join(" ", publicHosts()))
                .contains("NODE_EXTRA_CA_CERTS").contains("mcp-remote").contains(composeEnv().get("MCP_RESOURCE"))
                .contains("PS256").contains("RS256");
    }
}
