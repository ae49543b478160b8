package example.mcpauth.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Places a stock order through the API's reserved operation. The MCP server offers it, but the API
 * decides: an AI client with a low client_assurance_level is refused, and the agent is told why.
 * This is the seed's point that business authorization lives in the API, not in the MCP server.
 */
@ApplicationScoped
public class PlaceStockOrderTool {

    public static final String NAME = "place-stock-order";
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{1,10}");
    private static final Logger LOG = Logger.getLogger(PlaceStockOrderTool.class.getName());

    @Inject TokenExchange tokenExchange;
    @Inject StocksApi stocksApi;

    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(NAME)
                .title("Place a stock order")
                .description("Places an order to buy a quantity of a stock of the user's region. The stocks API "
                        + "allows this only to clients with a sufficient assurance level.")
                .inputSchema(Map.of("type", "object",
                        "properties", Map.of(
                                "symbol", Map.of("type", "string", "pattern", SYMBOL.pattern(), "description", "e.g. COM1"),
                                "quantity", Map.of("type", "integer", "minimum", 1, "maximum", 1_000_000)),
                        "required", List.of("symbol", "quantity"),
                        "additionalProperties", false))
                .annotations(new McpSchema.ToolAnnotations("Place a stock order", false, false, false, true, null))
                .build();
    }

    public CallToolResult call(McpTransportContext context, McpSchema.CallToolRequest request) {
        String subjectToken = FetchStockPricesTool.callerToken(context);
        if (subjectToken == null) {
            return FetchStockPricesTool.noAccessToken();
        }
        Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
        Object symbol = args.get("symbol");
        Object quantity = args.get("quantity");
        if (!(symbol instanceof String s) || !SYMBOL.matcher(s).matches()
                || !(quantity instanceof Number q) || q.longValue() < 1 || q.doubleValue() != q.longValue()) {
            return FetchStockPricesTool.failure(new ToolFailure("invalid_arguments",
                    "Give 'symbol' (e.g. \"COM1\") and a whole 'quantity' of at least 1."));
        }
        try {
            String apiToken = tokenExchange.tokenForStocksApi(subjectToken);
            return FetchStockPricesTool.success(stocksApi.placeOrder(apiToken, s, q.longValue()));
        } catch (ToolFailure f) {
            LOG.info("place-stock-order refused: " + f.code());
            return FetchStockPricesTool.failure(f);
        } catch (RuntimeException e) {
            LOG.warning("place-stock-order failed unexpectedly: " + e.getClass().getName());
            return FetchStockPricesTool.failure(new ToolFailure("internal_error",
                    "The MCP server failed unexpectedly while placing the order. Try again; if it persists, the server log has the reason."));
        }
    }
}
