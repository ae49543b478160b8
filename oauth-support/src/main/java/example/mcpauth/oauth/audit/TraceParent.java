package example.mcpauth.oauth.audit;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * W3C Trace Context {@code traceparent}: {@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}.
 * The gateway starts or continues a trace and passes this header on; every hop writes its trace id
 * into the audit trail, and the MCP server passes the trace on to the API with a parent id of its own.
 */
public final class TraceParent {

    public static final String HEADER = "traceparent";

    private static final Pattern VALID = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);
    private static final SecureRandom RANDOM = new SecureRandom();

    private TraceParent() {
    }

    /** The trace id of a valid header, else null (absent, malformed, version ff, all-zero ids). */
    public static String traceId(String header) {
        if (header == null) {
            return null;
        }
        var m = VALID.matcher(header.trim());
        if (!m.matches() || header.trim().startsWith("ff") || m.group(1).equals(ZERO_TRACE) || m.group(2).equals(ZERO_SPAN)) {
            return null;
        }
        return m.group(1);
    }

    /** A header for the next hop: the same trace (a new one if {@code traceId} is null), a new parent id, sampled. */
    public static String next(String traceId) {
        String trace = traceId != null ? traceId : randomHex(16);
        return "00-" + trace + "-" + randomHex(8) + "-01";
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
