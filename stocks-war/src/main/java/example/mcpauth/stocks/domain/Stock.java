package example.mcpauth.stocks.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A listed stock and its last price.
 *
 * @param symbol    ticker, e.g. {@code COM1}
 * @param name      company name
 * @param region    market region the stock belongs to ({@code USA} or {@code Europe})
 * @param exchange  exchange it trades on
 * @param currency  ISO 4217 currency of {@code price}
 * @param price     last traded price
 * @param priceTime when {@code price} was quoted
 */
public record Stock(String symbol, String name, String region, String exchange, String currency,
                   BigDecimal price, Instant priceTime) {
}
