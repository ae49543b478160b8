package example.mcpauth.gateway;

import example.mcpauth.gateway.support.Gateway;
import example.mcpauth.gateway.support.Secrets;
import example.mcpauth.gateway.support.Stack;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs last: no token, JWT or client secret of the whole run appears in any log of the gateways. */
@Order(Integer.MAX_VALUE)   // after every class, including those without an @Order (they sort at MAX_VALUE / 2)
class LogHygieneTest {

    @Test
    void noTokenOrJwtInAnyLog() throws IOException {
        Set<String> secrets = Secrets.all();
        Assumptions.assumeTrue(secrets.size() > 10, "run with the other gateway tests (mvn -pl gateway verify)");
        Path root = Stack.root().resolve(Gateway.STATE_ROOT);
        List<Path> logs;
        try (Stream<Path> files = Files.walk(root)) {
            logs = files.filter(Files::isRegularFile).filter(p -> p.toString().contains("/logs/")).toList();
        }
        assertThat(logs).extracting(p -> p.getFileName().toString()).contains("gateway.log", "gateway-access.log");
        long lines = 0;
        List<String> found = new ArrayList<>();
        for (Path log : logs) {
            List<String> content = Stack.lines(log);
            lines += content.size();
            for (String line : content) {
                for (String secret : secrets) {
                    if (line.contains(secret)) found.add(log.getFileName() + ": a secret of " + secret.length() + " chars");
                }
            }
        }
        System.out.printf("checked %d log lines in %d files for %d tokens, JWTs and secrets%n", lines, logs.size(), secrets.size());
        // the logs are not empty: the run's requests and its introspection errors are in them
        assertThat(lines).isGreaterThan(20);
        assertThat(found).isEmpty();
    }
}
