package example.mcpauth.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/** The seed's tool: exchange the caller's token, call the stocks API, return its data. */
@ApplicationScoped
public class FetchStockPricesTool {

    public static final String NAME = "fetch-stock-prices";
    public static final String DESCRIPTION = "A tool to fetch secured information about financial stock prices";
    /** Key of the caller's (already validated) access token in the MCP transport context. */
    public static final String CONTEXT_ACCESS_TOKEN = "mcp.access_token";

    private static final Logger LOG = Logger.getLogger(FetchStockPricesTool.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject TokenExchange tokenExchange;
    @Inject StocksApi stocksApi;

    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(NAME)
                .title("Fetch stock prices")
                .description(DESCRIPTION)
                .inputSchema(Map.of("type", "object", "properties", Map.of(), "additionalProperties", false))
                .annotations(new McpSchema.ToolAnnotations("Fetch stock prices", true, false, true, true, null))
                .build();
    }

    public CallToolResult call(McpTransportContext context, McpSchema.CallToolRequest request) {
        String subjectToken = callerToken(context);
        if (subjectToken == null) {
            return noAccessToken();
        }
        try {
            String apiToken = tokenExchange.tokenForStocksApi(subjectToken);
            String body;
            try {
                body = stocksApi.stocks(apiToken);
            } catch (ToolFailure f) {
                if ("stocks_api_unauthorized".equals(f.code())) {
                    tokenExchange.forget(subjectToken);
                }
                throw f;
            }
            return success(body);
        } catch (ToolFailure f) {
            LOG.info("fetch-stock-prices failed: " + f.code());
            return failure(f);
        } catch (RuntimeException e) {
            LOG.warning("fetch-stock-prices failed unexpectedly: " + e.getClass().getName());
            return failure(new ToolFailure("internal_error",
                    "The MCP server failed unexpectedly while fetching stock prices. Try again; if it persists, the server log has the reason."));
        }
    }

    /** The caller's validated access token from the transport context, or null when none reached the tool. */
    static String callerToken(McpTransportContext context) {
        Object token = context == null ? null : context.get(CONTEXT_ACCESS_TOKEN);
        return token instanceof String s && !s.isBlank() ? s : null;
    }

    static CallToolResult noAccessToken() {
        return failure(new ToolFailure("no_access_token",
                "No access token reached the tool: call it through the authenticated MCP endpoint."));
    }

    static CallToolResult success(String body) {
        CallToolResult.Builder result = CallToolResult.builder().addTextContent(body).isError(false);
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.isObject()) {
                result.structuredContent(JSON.convertValue(json, new TypeReference<Map<String, Object>>() { }));
            } else if (json != null && json.isArray()) {
                result.structuredContent(Map.of("stocks", JSON.convertValue(json, new TypeReference<List<Object>>() { })));
            }
        } catch (Exception e) {
            // not JSON: the text content alone carries it
        }
        return result.build();
    }

    static CallToolResult failure(ToolFailure f) {
        return CallToolResult.builder()
                .addTextContent(f.getMessage())
                .structuredContent(Map.of("error", f.code(), "message", f.getMessage()))
                .isError(true)
                .build();
    }
}
