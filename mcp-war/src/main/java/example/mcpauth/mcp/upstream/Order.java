package example.mcpauth.mcp.upstream;

import java.math.BigDecimal;

/** An order the stocks API accepted (201). */
public record Order(String id, String symbol, int quantity, BigDecimal unitPrice, String currency,
                   BigDecimal total, String status, String placedBy, String placedAt) {
}
