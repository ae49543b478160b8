package example.mcpauth.mcp.tools;

import example.mcpauth.mcp.McpSettings;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** The seed's tool: the stocks of the signed-in user's region, read from the API with an exchanged token. */
@ApplicationScoped
public class FetchStockPricesTool {

    public static final String NAME = "fetch-stock-prices";
    public static final String DESCRIPTION = "A tool to fetch secured information about financial stock prices";

    @Inject StocksApiCall stocksApi;
    @Inject McpSettings settings;

    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(NAME)
                .title("Fetch stock prices")
                .description(DESCRIPTION)
                .inputSchema(Map.of("type", "object", "properties", Map.of(), "additionalProperties", false))
                .annotations(new McpSchema.ToolAnnotations("Fetch stock prices", true, false, true, true, null))
                .meta(settings.toolScopes().meta(NAME))
                .build();
    }

    public CallToolResult call(McpTransportContext context, McpSchema.CallToolRequest request) {
        return stocksApi.run(NAME, context, request.meta(), "stocks", (api, authorization) -> api.stocks(authorization));
    }
}
