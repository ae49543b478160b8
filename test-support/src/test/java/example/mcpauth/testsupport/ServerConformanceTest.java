package example.mcpauth.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServerConformanceTest {

    @TempDir
    Path dir;

    private static JsonNode checks(String json) throws Exception {
        return ServerConformance.JSON.readTree(json);
    }

    @Test
    void aFailedCheckOfAFeatureThisServerLacksIsNotApplicableAnyOtherFailsTheRun() throws Exception {
        JsonNode checks = checks("""
                [{"id":"a","status":"SUCCESS"},{"id":"b","status":"WARNING"},{"id":"c","status":"SKIPPED"},
                 {"id":"sep-2549-prompts-list-caching-hints","status":"FAILURE"}]""");
        ServerConformance.Run ok = ServerConformance.tally("caching", "2026-07-28", 0, checks, dir);
        assertThat(ok.ok()).isTrue();
        assertThat(ok.passed()).isEqualTo(1);
        assertThat(ok.warnings()).isEqualTo(1);
        assertThat(ok.notApplicable()).containsExactly("sep-2549-prompts-list-caching-hints");

        ServerConformance.Run failed = ServerConformance.tally("caching", "2026-07-28", 1,
                checks("[{\"id\":\"a\",\"status\":\"SUCCESS\"},{\"id\":\"x\",\"status\":\"FAILURE\"}]"), dir);
        assertThat(failed.ok()).isFalse();
        assertThat(failed.failedChecks()).containsExactly("x");
    }

    @Test
    void noChecksOrATimeoutIsAFailedRun() throws Exception {
        assertThat(ServerConformance.tally("ping", "2025-11-25", 0, checks("[]"), dir).failedChecks())
                .containsExactly("no checks.json");
        assertThat(ServerConformance.tally("ping", "2025-11-25", -1, checks("[{\"id\":\"a\",\"status\":\"SUCCESS\"}]"), dir)
                .failedChecks()).containsExactly("timed out");
    }

    @Test
    void theNewestResultFolderOfTheScenarioIsRead() throws Exception {
        write("server-tools-list-2026-01-01T10-00-00", "[{\"id\":\"old\",\"status\":\"FAILURE\"}]");
        write("server-tools-list-2026-01-01T11-00-00", "[{\"id\":\"new\",\"status\":\"SUCCESS\"}]");
        write("server-tools-list-extra-2026-01-01T12-00-00", "[{\"id\":\"other scenario\",\"status\":\"SUCCESS\"}]");
        assertThat(ServerConformance.checks(dir, "tools-list").get(0).path("id").asText()).isEqualTo("new");
        assertThat(ServerConformance.checks(dir, "ping")).isEmpty();
    }

    @Test
    void theTableNamesTheRouteEveryRunAndWhyTheOthersWereNotRun() {
        ServerConformance.Run pass = ServerConformance.tally("ping", "2025-11-25", 0,
                ServerConformance.JSON.createArrayNode().add(ServerConformance.JSON.createObjectNode().put("id", "p").put("status", "SUCCESS")), dir);
        ServerConformance.Run fail = ServerConformance.tally("tools-list", "2026-07-28", 1,
                ServerConformance.JSON.createArrayNode(), dir);
        String table = ServerConformance.table(java.util.List.of(pass, fail), Map.of("prompts-list", "no prompts"), "through the gateway");
        assertThat(table).contains("server scenarios through the gateway: 1/2 runs passed")
                .contains("| ping | 2025-11-25 | 1/1 | 0 | 0 |  | pass |")
                .contains("| tools-list | 2026-07-28 | 0/1 | 1 [no checks.json] | 0 |  | FAIL |")
                .contains("| prompts-list | - | - | - | - | - | not applicable: no prompts |");
    }

    private void write(String folder, String json) throws Exception {
        Files.createDirectories(dir.resolve(folder));
        Files.writeString(dir.resolve(folder).resolve("checks.json"), json);
    }
}
