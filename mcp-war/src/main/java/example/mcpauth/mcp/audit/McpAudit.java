package example.mcpauth.mcp.audit;

import example.mcpauth.mcp.trace.ToolCallTracing;
import example.mcpauth.oauth.BearerAuthorization;
import example.mcpauth.oauth.audit.AuditEvent;
import example.mcpauth.oauth.audit.AuditLog;
import example.mcpauth.oauth.audit.TraceParent;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.Set;

/**
 * The MCP server's audit trail (hop {@value #HOP}, oauth-support's {@link AuditLog}): one line for the
 * bearer decision of each request to the MCP endpoint, and one for each tool call's outcome. The tool
 * handlers run on the request thread (McpServerRegistration), so the caller of the request being
 * served is kept per thread from the bearer decision to the end of the request.
 */
public final class McpAudit {

    public static final String HOP = "mcp-server";

    /** Tool failure codes that are an authorization refusal (by the API or the authorization server); the rest are errors. */
    static final Set<String> REFUSALS = Set.of("no_access_token", "stocks_api_unauthorized", "stocks_api_forbidden",
            "token_exchange_refused");

    private static final ThreadLocal<AuditEvent> CURRENT = new ThreadLocal<>();

    private McpAudit() {
    }

    /** Writes the bearer decision of {@code request}; an allowed caller is kept for the tool calls until {@link #end()}. */
    public static void bearerDecision(HttpServletRequest request, Optional<BearerAuthorization.Refusal> refusal) {
        AuditEvent event = AuditEvent.of(request, HOP);
        if (refusal.isPresent()) {
            AuditLog.forHop(HOP).write(event.refused(refusal.get().code(), refusal.get().status()));
            return;
        }
        CURRENT.set(event);
        AuditLog.forHop(HOP).write(event.allowed(0));
    }

    /** The request is over. */
    public static void end() {
        CURRENT.remove();
    }

    /** The trace id of the request being served (its valid traceparent header), or null. */
    public static String currentTraceId() {
        AuditEvent event = CURRENT.get();
        return event == null ? null : event.traceId();
    }

    /** The rest of the request belongs to {@code traceId} (a tool call's {@code _meta} traceparent, no header). */
    public static void useTrace(String traceId) {
        AuditEvent event = CURRENT.get();
        if (event != null) {
            CURRENT.set(event.withTraceId(traceId));
        }
    }

    /** A tool call's outcome (audit line and the tool call's span): {@code failureCode} null = allowed. */
    public static void toolCall(String tool, String failureCode) {
        AuditEvent event = CURRENT.get();
        if (event == null) {
            event = new AuditEvent(null, null, HOP, null, null, null, null, null, null, null, null, 0);
        }
        event = event.withTool(tool).withOperation("tools/call");
        if (failureCode == null) {
            event = event.allowed(0);
        } else if (REFUSALS.contains(failureCode)) {
            event = event.refused(failureCode, 0);
        } else {
            event = event.error(failureCode, 0);
        }
        ToolCallTracing.outcome(event.outcome(), event.reason());
        AuditLog.forHop(HOP).write(event);
    }

    /** The traceparent for a call to the next hop: the request's trace (or a new one), a new parent id. */
    public static String traceparentForNextHop() {
        AuditEvent event = CURRENT.get();
        return TraceParent.next(event == null ? null : event.traceId());
    }
}
