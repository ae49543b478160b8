package example.mcpauth.stocks.api;

import example.mcpauth.stocks.domain.Stock;
import example.mcpauth.stocks.domain.StockRepository;
import example.mcpauth.stocks.policy.Caller;
import example.mcpauth.stocks.policy.RegionPolicy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /api/stocks}: the stocks of the caller's region. */
@Path("stocks")
@RequestScoped
public class StocksResource {

    @Inject
    StockRepository repository;

    @Inject
    Caller caller;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Stock> list() {
        return repository.byRegion(RegionPolicy.regionOf(caller));
    }
}
