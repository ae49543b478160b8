package example.mcpauth.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import example.mcpauth.testsupport.ConformanceSuite.Outcome;
import example.mcpauth.testsupport.ConformanceSuite.Plan;
import example.mcpauth.testsupport.ConformanceSuite.Run;
import example.mcpauth.testsupport.ConformanceSuite.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceSuiteTest {

    static final String LIST = """
            Client scenarios:
              - auth/basic-cimd [2025-11-25,2026-07-28]
              - auth/2025-03-26-oauth-metadata-backcompat [2025-03-26]
              - auth/dpop [extension]
              - initialize [2025-06-18,2025-11-25]
              - tools-list [2025-11-25,2026-07-28]
            """;

    @TempDir
    Path dir;

    private Outcome listed() {
        return new Outcome(0, false, LIST, dir.resolve("list.txt"));
    }

    @Test
    void scenariosAreReadFromTheListWithTheirRevisions() {
        List<Scenario> auth = ConformanceSuite.scenarios(listed(), n -> n.startsWith("auth/"));
        assertThat(auth).extracting(Scenario::name)
                .containsExactly("auth/basic-cimd", "auth/2025-03-26-oauth-metadata-backcompat", "auth/dpop");
        assertThat(auth.get(0).versions()).containsExactly("2025-11-25", "2026-07-28");
        assertThat(auth.get(2).extension()).isTrue();
        assertThatThrownBy(() -> ConformanceSuite.scenarios(listed(), n -> n.startsWith("server-")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("auth/basic-cimd");
    }

    @Test
    void aClientPlanRunsEachRevisionInOrderAndOtherwiseTheLastOne() {
        Plan plan = ConformanceSuite.plan(ConformanceSuite.scenarios(listed(), n -> true), List.of("2026-07-28", "2025-11-25"),
                true, n -> "extension: " + n, n -> null);
        assertThat(plan.runs()).containsExactly(
                new Run("auth/basic-cimd", "2026-07-28"), new Run("auth/basic-cimd", "2025-11-25"),
                new Run("auth/2025-03-26-oauth-metadata-backcompat", "2025-03-26"), new Run("initialize", "2025-11-25"),
                new Run("tools-list", "2026-07-28"), new Run("tools-list", "2025-11-25"));
        assertThat(plan.notRun()).containsExactly(Map.entry("auth/dpop", "extension: auth/dpop"));
    }

    @Test
    void aServerPlanLeavesOutWhatDoesNotApplyAtAllOrAtOneRevision() {
        Map<String, String> notApplicable = Map.of("initialize@2025-11-25", "needs a session",
                "auth/basic-cimd", "not a server scenario");
        Plan plan = ConformanceSuite.plan(ConformanceSuite.scenarios(listed(), n -> true), List.of("2025-11-25", "2026-07-28"),
                false, n -> "extension", notApplicable::get);
        assertThat(plan.runs()).containsExactly(new Run("tools-list", "2025-11-25"), new Run("tools-list", "2026-07-28"));
        assertThat(plan.notRun()).containsExactly(
                Map.entry("auth/basic-cimd", "not a server scenario"),
                Map.entry("auth/2025-03-26-oauth-metadata-backcompat", "applies to [2025-03-26] only (not 2025-11-25 or 2026-07-28)"),
                Map.entry("auth/dpop", "extension"),
                Map.entry("initialize @2025-11-25", "needs a session"));
        assertThatThrownBy(() -> ConformanceSuite.plan(List.of(new Scenario("x", List.of("2024-11-05"))),
                List.of("2025-11-25"), false, n -> "extension", n -> null)).isInstanceOf(AssertionError.class);
    }

    @Test
    void runKeepsTheOutputAndKillsWhatTakesTooLong() throws Exception {
        Outcome ok = ConformanceSuite.run(new ProcessBuilder("bash", "-c", "echo out; echo err >&2; exit 3"),
                dir.resolve("logs/ok.txt"), Duration.ofSeconds(20));
        assertThat(ok.exitCode()).isEqualTo(3);
        assertThat(ok.timedOut()).isFalse();
        assertThat(ok.output()).contains("out", "err");
        assertThat(Files.readString(dir.resolve("logs/ok.txt"))).contains("out");
        assertThatThrownBy(() -> ok.expectExit(0)).isInstanceOf(AssertionError.class).hasMessageContaining("exit 3");

        Outcome slow = ConformanceSuite.run(new ProcessBuilder("sleep", "30"), dir.resolve("slow.txt"), Duration.ofMillis(300));
        assertThat(slow.timedOut()).isTrue();
        assertThat(slow.exitCode()).isEqualTo(-1);
    }

    @Test
    void runAllKeepsThePlansOrder() {
        List<Run> plan = List.of(new Run("a", "1"), new Run("b", "1"), new Run("c", "2"));
        assertThat(ConformanceSuite.runAll(plan, 3, r -> r.scenario() + "@" + r.revision())).containsExactly("a@1", "b@1", "c@2");
    }

    @Test
    void savedChecksAreTheNewestResultOfTheScenario() throws Exception {
        Files.createDirectories(dir.resolve("server-tools-list-2026-01-01T10-00"));
        Files.writeString(dir.resolve("server-tools-list-2026-01-01T10-00/checks.json"), "[{\"id\":\"old\",\"status\":\"FAILURE\"}]");
        Files.createDirectories(dir.resolve("server-tools-list-2026-01-02T10-00"));
        Files.writeString(dir.resolve("server-tools-list-2026-01-02T10-00/checks.json"), "[{\"id\":\"new\",\"status\":\"SUCCESS\"}]");
        Files.createDirectories(dir.resolve("server-tools-list-changed-2026-01-03T10-00"));
        assertThat(ConformanceSuite.savedChecks(dir, "server", "tools-list").findValuesAsText("id")).containsExactly("new");
        assertThat(ConformanceSuite.savedChecks(dir, "server", "ping")).isEmpty();
    }

    @Test
    void theTableHasARowPerRunAndPerScenarioNotRun() {
        String table = new ConformanceSuite.Table("scenario", "wire", "result")
                .row("auth/basic-cimd", "2026-07-28", "pass")
                .notRun(Map.of("auth/dpop", "DPoP"), "not run").toString();
        assertThat(table).isEqualTo("""
                | scenario | wire | result |
                |---|---|---|
                | auth/basic-cimd | 2026-07-28 | pass |
                | auth/dpop | - | not run: DPoP |
                """);
        assertThatThrownBy(() -> new ConformanceSuite.Table("a", "b").row("x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theClientsScriptPinsTheSameVersion() throws Exception {
        // mcp-client/conformance.sh installs the suite for people; its tests and mcp-war's use this class
        assertThat(Files.readString(Stack.root().resolve("mcp-client/conformance.sh")))
                .contains("conformance_version=\"" + ConformanceSuite.VERSION + "\"");
    }
}
