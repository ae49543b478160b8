package example.mcpauth.stocks.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The stock list of the demo (the tutorial's four stocks plus two more). Read only. */
@ApplicationScoped
public class StockRepository {

    private final List<Stock> stocks;

    public StockRepository() {
        Instant quoted = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        stocks = List.of(
                stock("COM1", "Company One Inc.", "USA", "NYSE", "USD", "450.22", quoted),
                stock("COM2", "Company Two AG", "Europe", "XETRA", "EUR", "250.62", quoted),
                stock("COM3", "Company Three SA", "Europe", "Euronext Paris", "EUR", "21.07", quoted),
                stock("COM4", "Company Four Corp.", "USA", "NASDAQ", "USD", "180.75", quoted),
                stock("COM5", "Company Five Holdings", "USA", "NYSE", "USD", "73.18", quoted),
                stock("COM6", "Company Six NV", "Europe", "Euronext Amsterdam", "EUR", "118.40", quoted));
    }

    private static Stock stock(String symbol, String name, String region, String exchange, String currency,
                               String price, Instant time) {
        return new Stock(symbol, name, region, exchange, currency, new BigDecimal(price), time);
    }

    public List<Stock> all() {
        return stocks;
    }

    /** Stocks of one region, compared exactly; empty for a region without stocks. */
    public List<Stock> byRegion(String region) {
        return stocks.stream().filter(s -> s.region().equals(region)).toList();
    }

    public Optional<Stock> bySymbol(String symbol) {
        return stocks.stream().filter(s -> s.symbol().equalsIgnoreCase(symbol)).findFirst();
    }
}
