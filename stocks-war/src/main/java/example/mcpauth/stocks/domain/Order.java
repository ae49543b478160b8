package example.mcpauth.stocks.domain;

import java.math.BigDecimal;
import java.time.Instant;

/** An order the API accepted. */
public record Order(String id, String symbol, int quantity, BigDecimal unitPrice, String currency,
                    BigDecimal total, String status, String placedBy, Instant placedAt) {
}
