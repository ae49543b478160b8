package example.mcpauth.e2e;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README stays true to the code: its settings table and its commands. */
class ReadmeTest {

    private final Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();

    @Test
    void settingsTableIsTheOneGeneratedFromConfigStackEnv() throws Exception {
        Process p = new ProcessBuilder("bash", root.resolve("scripts/settings-table.sh").toString()).start();
        String generated = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        String readme = Files.readString(root.resolve("README.md"));
        Matcher m = Pattern.compile("<!-- settings:begin -->\n(.*?)<!-- settings:end -->", Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("README has the settings markers").isTrue();
        assertThat(m.group(1)).as("README's settings table; regenerate it with scripts/settings-table.sh")
                .isEqualTo(generated);
    }

    @Test
    void theTwoCommandsAreThoseOfTheStackScriptAndCi() throws Exception {
        String readme = Files.readString(root.resolve("README.md"));
        assertThat(readme).contains("./stack start", "./stack test");
        assertThat(Files.readString(root.resolve(".ci/run"))).contains("./stack test");
        String stack = Files.readString(root.resolve("stack"));
        assertThat(stack).contains("start)", "test)", "stop)");
    }
}
