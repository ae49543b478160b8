package example.mcpauth.mcp.tools;

import example.mcpauth.mcp.McpSettings;
import example.mcpauth.mcp.upstream.OrderRequest;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Places a stock order through the API's reserved operation. The MCP server offers it, but the API
 * decides: an AI client with a low client_assurance_level is refused, and the agent is told why (the
 * seed's point that business authorization lives in the API). The quantity cap is the API's own
 * setting (STOCKS_MAX_ORDER_QUANTITY), so the tool's schema and the API agree.
 */
@ApplicationScoped
public class PlaceStockOrderTool {

    public static final String NAME = "place-stock-order";
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{1,10}");

    @Inject StocksApiCall stocksApi;
    @Inject McpSettings settings;

    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(NAME)
                .title("Place a stock order")
                .description("Places an order to buy a quantity of a stock of the user's region. The stocks API "
                        + "allows this only to clients with a sufficient assurance level.")
                .inputSchema(Map.of("type", "object",
                        "properties", Map.of(
                                "symbol", Map.of("type", "string", "pattern", SYMBOL.pattern(), "description", "e.g. COM1"),
                                "quantity", Map.of("type", "integer", "minimum", 1, "maximum", settings.maxOrderQuantity())),
                        "required", List.of("symbol", "quantity"),
                        "additionalProperties", false))
                .annotations(new McpSchema.ToolAnnotations("Place a stock order", false, false, false, true, null))
                .meta(settings.toolScopes().meta(NAME))
                .build();
    }

    public CallToolResult call(McpTransportContext context, McpSchema.CallToolRequest request) {
        Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
        if (!(args.get("symbol") instanceof String symbol) || !SYMBOL.matcher(symbol).matches()
                || !(args.get("quantity") instanceof Number q) || q.doubleValue() != q.longValue()
                || q.longValue() < 1 || q.longValue() > settings.maxOrderQuantity()) {
            return ToolResults.failure("invalid_arguments", "Give 'symbol' (e.g. \"COM1\") and a whole 'quantity' from 1 to "
                    + settings.maxOrderQuantity() + ".");
        }
        OrderRequest order = new OrderRequest(symbol, q.longValue());
        return stocksApi.run(NAME, context, request.meta(), "order", (api, authorization) -> api.placeOrder(authorization, order));
    }
}
