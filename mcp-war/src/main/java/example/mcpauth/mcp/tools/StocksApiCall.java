package example.mcpauth.mcp.tools;

import example.mcpauth.mcp.McpSettings;
import example.mcpauth.mcp.audit.McpAudit;
import example.mcpauth.mcp.trace.ToolCallTracing;
import example.mcpauth.mcp.upstream.StocksApiClient;
import example.mcpauth.mcp.upstream.StocksApiErrors;
import example.mcpauth.mcp.upstream.TokenExchange;
import example.mcpauth.mcp.upstream.UpstreamFailure;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * What every stocks tool does, once: take the caller's token, exchange it for an API token with the
 * tool's scopes ({@link ToolScopes}), call the
 * API with it, and turn each failure into an isError result a person can act on. When the API refuses
 * the exchanged token (401), it is forgotten so that the next call exchanges again.
 */
@ApplicationScoped
public class StocksApiCall {

    /** One call of the stocks API with an exchanged token. */
    @FunctionalInterface
    public interface ApiRequest<T> {
        T send(StocksApiClient api, String authorization) throws UpstreamFailure;
    }

    private static final Logger LOG = Logger.getLogger(StocksApiCall.class.getName());

    @Inject TokenExchange tokenExchange;
    @Inject McpSettings settings;
    @Inject @RestClient StocksApiClient api;
    @Inject ToolCallTracing tracing;

    /**
     * Runs {@code request} for the tool {@code tool} in the tool call's span; {@code meta} is the call's
     * {@code _meta} (its traceparent counts when the request had none); {@code listKey} names a list result
     * in structuredContent.
     */
    public <T> CallToolResult run(String tool, McpTransportContext context, Map<String, Object> meta, String listKey,
            ApiRequest<T> request) {
        return tracing.traced(tool, meta, () -> call(tool, context, listKey, request));
    }

    private <T> CallToolResult call(String tool, McpTransportContext context, String listKey, ApiRequest<T> request) {
        String subjectToken = CallerToken.from(context);
        if (subjectToken == null) {
            McpAudit.toolCall(tool, "no_access_token");
            return ToolResults.failure("no_access_token",
                    "No access token reached the tool: call it through the authenticated MCP endpoint.");
        }
        // the API token carries exactly this tool's scopes (MCP_TOOL_SCOPES): the API decides with them
        String scope = settings.toolScopes().scopeString(tool);
        try {
            String apiToken = tokenExchange.tokenForStocksApi(subjectToken, scope);
            try {
                CallToolResult result = ToolResults.success(listKey, request.send(api, "Bearer " + apiToken));
                McpAudit.toolCall(tool, null);
                return result;
            } catch (ProcessingException e) {
                boolean timeout = UpstreamFailure.isTimeout(e);
                LOG.warning(tool + ": stocks API call failed (" + (timeout ? "timeout" : e.getClass().getSimpleName()) + ")");
                McpAudit.toolCall(tool, "stocks_api_unavailable");
                return ToolResults.failure("stocks_api_unavailable", "The stocks API is unavailable ("
                        + (timeout ? "timed out" : "connection failed") + "). Try again later.");
            }
        } catch (UpstreamFailure f) {
            if (StocksApiErrors.UNAUTHORIZED.equals(f.code())) {
                tokenExchange.forget(subjectToken, scope);
            }
            LOG.info(tool + " refused: " + f.code());
            McpAudit.toolCall(tool, f.code());
            return ToolResults.failure(f.code(), f.getMessage());
        } catch (RuntimeException e) {
            LOG.warning(tool + " failed unexpectedly: " + e.getClass().getName());
            McpAudit.toolCall(tool, "internal_error");
            return ToolResults.failure("internal_error", "The MCP server failed unexpectedly in " + tool
                    + ". Try again; if it persists, the server log has the reason.");
        }
    }
}
