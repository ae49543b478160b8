package example.mcpauth.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A hop's audit trail as the tests read it (gateway, MCP server, stocks API: one JSON object a line):
 * a test sends a W3C {@code traceparent} of a trace of its own and finds its lines by the trace id.
 */
public final class AuditTrail {

    private AuditTrail() { }

    /** A new random trace id (32 lower-case hex digits: a random UUID's). */
    public static String newTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** A sampled {@code traceparent} header of this trace (a fixed parent id). */
    public static String traceparent(String traceId) {
        return "00-" + traceId + "-00f067aa0ba902b7-01";
    }

    /** The lines of {@code file} with this trace id, parsed; none when the file does not exist yet. */
    public static List<JsonNode> lines(Path file, String traceId) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream().filter(l -> l.contains(traceId)).map(AuditTrail::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same, waiting up to {@code timeout} for the first line (a hop that writes its line after it has
     * answered, like nginx in its log phase); it asserts nothing about the time.
     */
    public static List<JsonNode> awaitLines(Path file, String traceId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> found = lines(file, traceId);
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Inbox.sleep(100);
            found = lines(file, traceId);
        }
        return found;
    }

    private static JsonNode parse(String line) {
        try {
            return Http.JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
