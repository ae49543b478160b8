package example.mcpauth.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings layering of scripts/lib/common.sh, in Java and held against the script itself. */
class StackSettingsTest {

    private static final Path PROJECT = Stack.root();

    @TempDir
    Path root;

    private void write(String file, String... lines) throws IOException {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, String.join("\n", lines) + "\n");
    }

    private Map<String, String> resolve(Map<String, String> env) {
        return StackSettings.resolve(root, env).asMap();
    }

    /** What scripts/config.sh prints for this root and environment (the project's own script). */
    private static Map<String, String> script(Path root, Map<String, String> env) throws IOException {
        Path scripts = root.resolve("scripts");
        if (!Files.exists(scripts.resolve("config.sh"))) {
            Files.createDirectories(scripts.resolve("lib"));
            Files.copy(PROJECT.resolve("scripts/config.sh"), scripts.resolve("config.sh"));
            Files.copy(PROJECT.resolve("scripts/lib/common.sh"), scripts.resolve("lib/common.sh"));
        }
        Command.Result r = Command.in(root).without(System.getenv().keySet()).env("PATH", System.getenv("PATH"))
                .env(env).run("bash", scripts.resolve("config.sh").toString()).expectExit(0);
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : r.lines()) {
            int eq = line.indexOf('=');
            out.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return out;
    }

    @Test
    void defaultsAloneExpandReferencesToKeysAbove() throws IOException {
        write("config/stack.env", "# a comment", "HOST=localhost", "PORT=8000", "URL=http://${HOST}:${PORT}/x",
                "  INDENTED=yes", "not a setting", "STACK_STATE_DIR=.state");
        assertThat(resolve(Map.of())).containsExactly(
                Map.entry("HOST", "localhost"), Map.entry("PORT", "8000"), Map.entry("URL", "http://localhost:8000/x"),
                Map.entry("INDENTED", "yes"), Map.entry("STACK_STATE_DIR", root.toAbsolutePath() + "/.state"));
    }

    @Test
    void theOverrideFileWinsAndItsNewKeysComeLast() throws IOException {
        write("config/stack.env", "PORT=8000", "URL=http://h:${PORT}", "STACK_STATE_DIR=/abs");
        write("config/test.env", "PORT=18000", "EXTRA=${URL}/e", "PORT=28000");
        Map<String, String> s = resolve(Map.of("STACK_CONFIG", "config/test.env"));
        // the override's last line for a key wins; defaults that use it see the override's value
        assertThat(s).containsExactly(Map.entry("PORT", "28000"), Map.entry("URL", "http://h:28000"),
                Map.entry("STACK_STATE_DIR", "/abs"), Map.entry("EXTRA", "http://h:28000/e"));
    }

    @Test
    void theEnvironmentWinsOverBothFilesAndIsTakenAsIs() throws IOException {
        write("config/stack.env", "PORT=8000", "URL=http://h:${PORT}", "RAW=x", "EMPTY=set");
        write("config/test.env", "PORT=18000");
        Map<String, String> s = resolve(Map.of("STACK_CONFIG", "config/test.env", "PORT", "1", "RAW", "${PORT}", "EMPTY", ""));
        assertThat(s).containsEntry("PORT", "1").containsEntry("URL", "http://h:1")
                .containsEntry("RAW", "${PORT}").containsEntry("EMPTY", "");
    }

    @Test
    void referencesToKeysBelowSeeOnlyTheEnvironment() throws IOException {
        write("config/stack.env", "A=<${B}>", "C=<${HOME_LIKE}>", "B=b");
        assertThat(resolve(Map.of())).containsEntry("A", "<>").containsEntry("C", "<>");
        assertThat(resolve(Map.of("HOME_LIKE", "/home/x"))).containsEntry("C", "</home/x>");
    }

    @Test
    void expansionStopsAtADollarThatIsNotAReference() throws IOException {
        write("config/stack.env", "A=1", "B=${A}-$HOME-${A}", "C=a$${A}", "D=${A}${A}}");
        assertThat(resolve(Map.of())).containsEntry("B", "1-$HOME-${A}").containsEntry("C", "a$${A}")
                .containsEntry("D", "11}");
    }

    @Test
    void theDefaultsFilesFirstLineForAKeyCounts() throws IOException {
        write("config/stack.env", "A=first", "A=second");
        assertThat(resolve(Map.of())).containsExactly(Map.entry("A", "first"));
    }

    @Test
    void aMissingOverrideFileIsAnError() throws IOException {
        write("config/stack.env", "A=1");
        assertThatThrownBy(() -> resolve(Map.of("STACK_CONFIG", "config/nope.env")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("config/nope.env");
        assertThat(resolve(Map.of("STACK_CONFIG", ""))).containsExactly(Map.entry("A", "1"));
    }

    @Test
    void anAbsoluteOverridePathIsUsedAsIs() throws IOException {
        write("config/stack.env", "A=1");
        write("elsewhere/o.env", "A=2");
        assertThat(resolve(Map.of("STACK_CONFIG", root.resolve("elsewhere/o.env").toString()))).containsEntry("A", "2");
    }

    @Test
    void theTrickyCasesResolveAsTheScriptResolvesThem() throws IOException {
        write("config/stack.env", "HOST=localhost", "PORT=8000", "URL=http://${HOST}:${PORT}", "LATER=${BELOW}",
                "BELOW=b", "DOLLAR=a$b${HOST}", "FROM_ENV=file", "STATE=${STACK_STATE_DIR}/x", "STACK_STATE_DIR=.st",
                "AFTER=${STACK_STATE_DIR}/y", "ROOTED=${STACK_ROOT}/r", "DUP=1", "DUP=2", "   SPACED=${PORT}  ");
        write("config/o.env", "PORT=9", "NEW=${URL}", "NEW=${URL}!", "HOST=${FROM_ENV}");
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("STACK_CONFIG", "config/o.env"),
                Map.of("STACK_CONFIG", "config/o.env", "FROM_ENV", "env", "BELOW", "envb", "URL", "u"))) {
            assertThat(resolve(env)).as("environment %s", env).containsExactlyEntriesOf(script(root, env));
        }
    }

    @Test
    void theProjectsOwnFilesResolveAsTheScriptResolvesThem() throws IOException {
        Path state = root.resolve("state");   // so that config.sh's mkdir stays in the temporary folder
        for (String config : List.of("", "config/test.env", "docker/.env")) {
            Map<String, String> env = new HashMap<>();
            env.put("STACK_CONFIG", config);
            env.put("STACK_STATE_DIR", state.toString());
            assertThat(StackSettings.resolve(PROJECT, env).asMap()).as("STACK_CONFIG=%s", config)
                    .containsExactlyEntriesOf(script(PROJECT, env));
        }
    }

    @Test
    void accessorsNameTheSettingsTestsUse() throws IOException {
        write("config/stack.env", "MCP_RESOURCE=m", "AS_ISSUER=i", "LIBERTY_HTTP_PORT=9080", "STACK_STATE_DIR=s");
        StackSettings s = StackSettings.resolve(root, Map.of());
        assertThat(s.mcpUrl()).isEqualTo("m");
        assertThat(s.issuer()).isEqualTo("i");
        assertThat(s.libertyUrl()).isEqualTo("http://127.0.0.1:9080");
        assertThat(s.port("LIBERTY_HTTP_PORT")).isEqualTo(9080);
        assertThat(s.stateDir()).isEqualTo(root.toAbsolutePath().resolve("s"));
        assertThat(s.find("NOPE")).isEmpty();
        assertThatThrownBy(() -> s.get("NOPE")).hasMessageContaining("NOPE");
    }
}
