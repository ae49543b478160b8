package example.mcpauth.mcp.audit;

import example.mcpauth.oauth.audit.AuditCounters;
import jakarta.enterprise.context.ApplicationScoped;

/** The MCP server's audit counters: tool calls by tool and outcome, refusals of its bearer rule by reason. */
@ApplicationScoped
public class McpAuditCounters extends AuditCounters {
}
