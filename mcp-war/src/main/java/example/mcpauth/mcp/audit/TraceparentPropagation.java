package example.mcpauth.mcp.audit;

import example.mcpauth.oauth.audit.TraceParent;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/**
 * Passes the trace of the request being served on to the stocks API (W3C traceparent), so the API's
 * audit lines carry the trace id of the gateway's and the MCP server's. A traceparent already set
 * (by MicroProfile Telemetry, when it is on) is left as it is.
 */
public class TraceparentPropagation implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext request) {
        if (!request.getHeaders().containsKey(TraceParent.HEADER)) {
            request.getHeaders().putSingle(TraceParent.HEADER, McpAudit.traceparentForNextHop());
        }
    }
}
