package example.mcpauth.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The gateway's access log (no headers, no query strings in it): what its phantom-token step did per request. */
final class GatewayLog {

    private static final Pattern MCP_CALL = Pattern.compile("\"POST /mcp HTTP/[0-9.]+\" .* phantom_token=(\\S+)");

    private GatewayLog() { }

    static Path file() {
        return E2e.stack().stateDir().resolve("logs/gateway-access.log");
    }

    /** How many {@code POST /mcp} lines the access log has now (a baseline for {@link #phantomTokenOfMcpCallsSince}). */
    static int mcpCalls() throws Exception {
        return values().size();
    }

    /**
     * The {@code phantom_token=} field of the {@code POST /mcp} lines after the first {@code since}, oldest first,
     * once there are {@code n} of them: nginx writes a line just after it has sent the response, so a client can
     * be a moment ahead of the log (waits up to 10 s, then returns what is there).
     */
    static List<String> phantomTokenOfMcpCallsSince(int since, int n) throws Exception {
        List<String> values = values();
        for (int i = 0; i < 100 && values.size() < since + n; i++) {
            Thread.sleep(100);
            values = values();
        }
        return values.subList(Math.min(since, values.size()), values.size());
    }

    private static List<String> values() throws Exception {
        return Files.readAllLines(file(), StandardCharsets.ISO_8859_1).stream()
                .map(MCP_CALL::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
    }
}
