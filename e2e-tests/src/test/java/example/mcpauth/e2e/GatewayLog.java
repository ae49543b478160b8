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

    /** The {@code phantom_token=} field of the last {@code n} {@code POST /mcp} lines, oldest first. */
    static List<String> phantomTokenOfLastMcpCalls(int n) throws Exception {
        List<String> values = Files.readAllLines(file(), StandardCharsets.ISO_8859_1).stream()
                .map(MCP_CALL::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
        return values.subList(Math.max(0, values.size() - n), values.size());
    }
}
