package example.mcpauth.mcp.upstream;

/** Body of the API's POST /api/orders. */
public record OrderRequest(String symbol, long quantity) {
}
