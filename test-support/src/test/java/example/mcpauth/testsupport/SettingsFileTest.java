package example.mcpauth.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileTest {

    @Test
    void readsAssignmentsAsWrittenAndSkipsEverythingElse(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.env");
        Files.writeString(f, "# comment\nA=1\n  B = 2\nC=has # no comment\n\nexport D=4\nA=again\nE=${A}/x");
        assertThat(SettingsFile.read(f)).containsExactly(new SettingsFile.Assignment("A", "1"),
                new SettingsFile.Assignment("C", "has # no comment"), new SettingsFile.Assignment("A", "again"),
                new SettingsFile.Assignment("E", "${A}/x"));
        assertThat(SettingsFile.rawValues(f)).containsExactly(java.util.Map.entry("A", "again"),
                java.util.Map.entry("C", "has # no comment"), java.util.Map.entry("E", "${A}/x"));
        assertThat(SettingsFile.keys(f)).containsExactly("A", "C", "E");
    }

    @Test
    void aCarriageReturnStaysInTheValueAsBashReadsIt() {
        assertThat(SettingsFile.parse("A=1\r\nB=2")).containsExactly(new SettingsFile.Assignment("A", "1\r"),
                new SettingsFile.Assignment("B", "2"));
    }
}
