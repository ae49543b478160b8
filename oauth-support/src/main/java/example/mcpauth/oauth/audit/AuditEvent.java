package example.mcpauth.oauth.audit;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * One authorization decision of one hop, as one line of the audit trail ({@link AuditLog}). Holds no
 * token: only the caller's identifiers (sub, client id, client_type, client_assurance_level), what was
 * asked (tool, operation), the outcome and its reason code. Every text value passes {@link AuditRedaction}.
 *
 * @param outcome {@link #ALLOWED}, {@link #REFUSED} or {@link #ERROR} (the hop could not decide or answer)
 * @param status  the HTTP status the hop answered, 0 when none (a tool call inside a 200)
 */
public record AuditEvent(Instant time, String traceId, String hop, String subject, String clientId, String clientType,
        String clientAssuranceLevel, String tool, String operation, String outcome, String reason, int status) {

    public static final String ALLOWED = "allowed";
    public static final String REFUSED = "refused";
    public static final String ERROR = "error";

    /** UTC with milliseconds, always three digits (the gateway writes the same form): lines sort as text. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The caller of {@code request} as far as it is known: trace id from traceparent, claims of the validated token. */
    public static AuditEvent of(HttpServletRequest request, String hop) {
        String traceId = TraceParent.traceId(request.getHeader(TraceParent.HEADER));
        String operation = request.getMethod() + " " + request.getRequestURI();
        if (request.getUserPrincipal() instanceof JsonWebToken jwt && jwt.getRawToken() != null) {
            String client = text(jwt, "azp");
            return new AuditEvent(null, traceId, hop, text(jwt, "sub"), client != null ? client : text(jwt, "client_id"),
                    text(jwt, "client_type"), text(jwt, "client_assurance_level"), null, operation, null, null, 0);
        }
        return new AuditEvent(null, traceId, hop, null, null, null, null, null, operation, null, null, 0);
    }

    /** The same caller in another trace (the MCP server's tool call honouring a {@code _meta} traceparent). */
    public AuditEvent withTraceId(String traceId) {
        return new AuditEvent(time, traceId, hop, subject, clientId, clientType, clientAssuranceLevel, tool, operation,
                outcome, reason, status);
    }

    public AuditEvent withTool(String tool) {
        return new AuditEvent(time, traceId, hop, subject, clientId, clientType, clientAssuranceLevel, tool, operation,
                outcome, reason, status);
    }

    public AuditEvent withOperation(String operation) {
        return new AuditEvent(time, traceId, hop, subject, clientId, clientType, clientAssuranceLevel, tool, operation,
                outcome, reason, status);
    }

    public AuditEvent allowed(int status) {
        return decided(ALLOWED, null, status);
    }

    public AuditEvent refused(String reason, int status) {
        return decided(REFUSED, reason, status);
    }

    public AuditEvent error(String reason, int status) {
        return decided(ERROR, reason, status);
    }

    private AuditEvent decided(String outcome, String reason, int status) {
        return new AuditEvent(Instant.now().truncatedTo(ChronoUnit.MILLIS), traceId, hop, subject, clientId, clientType,
                clientAssuranceLevel, tool, operation, outcome, reason, status);
    }

    /** The event as one JSON object on one line; the same keys, in the same order, every time. */
    public String toJson() {
        StringBuilder b = new StringBuilder(256).append('{');
        // time and trace id are ours (the trace id is TraceParent-validated hex): not redacted
        raw(b, "time", time == null ? null : TIME.format(time)).append(',');
        raw(b, "trace_id", traceId).append(',');
        field(b, "hop", hop).append(',');
        field(b, "sub", subject).append(',');
        field(b, "client_id", clientId).append(',');
        field(b, "client_type", clientType).append(',');
        field(b, "client_assurance_level", clientAssuranceLevel).append(',');
        field(b, "tool", tool).append(',');
        field(b, "operation", operation).append(',');
        field(b, "outcome", outcome).append(',');
        field(b, "reason", reason).append(',');
        b.append("\"status\":").append(status);
        return b.append('}').toString();
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        return raw(b, name, AuditRedaction.clean(value));
    }

    private static StringBuilder raw(StringBuilder b, String name, String v) {
        b.append('"').append(name).append("\":");
        if (v == null) {
            return b.append("null");
        }
        b.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    /** A claim as text when it is a string or a number; anything else (objects, arrays) is not audited. */
    private static String text(JsonWebToken jwt, String name) {
        Object v = jwt.getClaim(name);
        if (v instanceof JsonString s) {
            return s.getString();
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof JsonNumber || v instanceof Number) {
            return v.toString();
        }
        return null;
    }
}
