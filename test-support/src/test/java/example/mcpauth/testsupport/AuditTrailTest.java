package example.mcpauth.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailTest {

    @TempDir
    Path dir;

    @Test
    void aTraceHasItsOwnIdAndASampledTraceparent() {
        String trace = AuditTrail.newTraceId();
        assertThat(trace).matches("[0-9a-f]{32}").isNotEqualTo(AuditTrail.newTraceId());
        assertThat(AuditTrail.traceparent(trace)).matches("00-" + trace + "-[0-9a-f]{16}-01");
    }

    @Test
    void theLinesOfOneTraceAreFoundAndParsed() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        assertThat(AuditTrail.lines(file, "abc")).isEmpty();
        Files.writeString(file, "{\"trace_id\":\"abc\",\"status\":200}\n{\"trace_id\":\"other\"}\n{\"trace_id\":\"abc\",\"reason\":null}\n");
        assertThat(AuditTrail.lines(file, "abc")).hasSize(2).first().satisfies(l -> assertThat(l.path("status").asInt()).isEqualTo(200));
        Files.writeString(file, "abc but not JSON\n");
        assertThatThrownBy(() -> AuditTrail.lines(file, "abc")).isInstanceOf(AssertionError.class).hasMessageContaining("not a JSON line");
    }

    @Test
    void awaitLinesWaitsForALineWrittenLater() throws Exception {
        Path file = dir.resolve("late.jsonl");
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            Inbox.sleep(300);
            try {
                Files.writeString(file, "{\"trace_id\":\"t1\"}\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(AuditTrail.awaitLines(file, "t1", Duration.ofSeconds(10))).hasSize(1);
        writer.join();
        assertThat(AuditTrail.awaitLines(file, "none", Duration.ofMillis(200))).isEmpty();
    }
}
