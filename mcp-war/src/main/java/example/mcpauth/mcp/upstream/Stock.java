package example.mcpauth.mcp.upstream;

import java.math.BigDecimal;

/** A stock as the stocks API answers it (GET /api/stocks): the tool returns exactly this shape. */
public record Stock(String symbol, String name, String region, String exchange, String currency,
                    BigDecimal price, String priceTime) {
}
