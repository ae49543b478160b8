package example.mcpauth.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens never appear in a log: every log file of the running stack is searched for them. */
final class LogHygiene {

    private LogHygiene() { }

    static void assertNoneLogged(Collection<String> tokens) throws IOException {
        assertThat(tokens).as("the tests held tokens to look for").isNotEmpty();
        List<Path> logs;
        Path state = E2e.stack().stateDir();
        try (Stream<Path> files = Files.walk(state)) {
            logs = files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".log"))
                    .filter(p -> !p.startsWith(state.resolve("keycloak")))   // the distribution, not logs
                    .toList();
        }
        assertThat(logs).as("log files under %s", state).isNotEmpty();
        List<String> leaks = new ArrayList<>();
        for (Path log : logs) {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            for (String token : tokens) {
                // the signature part alone is enough to identify a JWT; the whole opaque token otherwise
                String needle = token.contains(".") ? token.substring(token.lastIndexOf('.') + 1) : token;
                if (needle.length() >= 16 && text.contains(needle)) leaks.add(log + " contains a token");
            }
        }
        assertThat(leaks).as("tokens found in logs (%d files searched)", logs.size()).isEmpty();
    }
}
