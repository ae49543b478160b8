package example.mcpauth.stocks.domain;

/** Body of {@code POST /api/orders}: buy {@code quantity} shares of {@code symbol}. */
public record OrderRequest(String symbol, Integer quantity) {
}
