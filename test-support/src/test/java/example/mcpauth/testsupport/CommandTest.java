package example.mcpauth.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTest {

    @Test
    void runsInTheFolderWithTheAdjustedEnvironment(@TempDir Path dir) {
        Command.Result r = Command.in(dir).without(List.of("HOME")).env("GREETING", "hi")
                .run("bash", "-c", "pwd; echo \"$GREETING ${HOME-unset}\"; echo oops >&2; exit 3");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.lines()).containsExactly(dir.toAbsolutePath().toString(), "hi unset", "oops");
        assertThatThrownBy(() -> r.expectExit(0)).isInstanceOf(AssertionError.class).hasMessageContaining("oops");
        assertThat(r.expectExit(3)).isSameAs(r);
    }

    @Test
    void aProgramPastItsTimeoutIsKilled(@TempDir Path dir) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Command.in(dir).timeout(Duration.ofMillis(500)).run("bash", "-c", "echo started; sleep 30"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("did not finish").hasMessageContaining("started");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
}
