package example.mcpauth.stocks.api;

import example.mcpauth.stocks.domain.Order;
import example.mcpauth.stocks.domain.OrderRequest;
import example.mcpauth.stocks.domain.Stock;
import example.mcpauth.stocks.domain.StockRepository;
import example.mcpauth.stocks.auth.StocksSettings;
import example.mcpauth.stocks.policy.Caller;
import example.mcpauth.stocks.policy.ClientAssurancePolicy;
import example.mcpauth.stocks.policy.RegionPolicy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code POST /api/orders}: places a buy order. A sensitive operation: weakly identified AI
 * clients are refused ({@link ClientAssurancePolicy}), and only stocks of the caller's region may
 * be ordered ({@link RegionPolicy}). Orders are not persisted (demo).
 */
@Path("orders")
@RequestScoped
public class OrdersResource {

    @Inject
    StockRepository repository;

    @Inject
    ClientAssurancePolicy assurancePolicy;

    @Inject
    Caller caller;

    @Inject
    StocksSettings settings;

    @Context
    UriInfo uriInfo;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response place(OrderRequest request) {
        RegionPolicy.regionOf(caller);
        assurancePolicy.requireSensitiveOperationAllowed(caller, "place orders");
        validate(request, settings.maxOrderQuantity());
        Stock stock = repository.bySymbol(request.symbol().trim())
                .orElseThrow(() -> new ApiError(404, "unknown_symbol",
                        "There is no stock with symbol '" + request.symbol().trim() + "'."));
        RegionPolicy.requireSameRegion(caller, stock.symbol(), stock.region());
        BigDecimal total = stock.price().multiply(BigDecimal.valueOf(request.quantity()));
        Order order = new Order(UUID.randomUUID().toString(), stock.symbol(), request.quantity(), stock.price(),
                stock.currency(), total, "ACCEPTED", caller.subject(), Instant.now());
        return Response.created(uriInfo.getAbsolutePathBuilder().path(order.id()).build()).entity(order).build();
    }

    private static void validate(OrderRequest request, int maxQuantity) {
        if (request == null) {
            throw new ApiError(400, "invalid_order", "Send a JSON body {\"symbol\": \"COM1\", \"quantity\": 10}.");
        }
        if (request.symbol() == null || request.symbol().isBlank()) {
            throw new ApiError(400, "invalid_order", "'symbol' is required, e.g. \"COM1\".");
        }
        if (request.quantity() == null || request.quantity() < 1 || request.quantity() > maxQuantity) {
            throw new ApiError(400, "invalid_order",
                    "'quantity' is required and must be a whole number from 1 to " + maxQuantity + ".");
        }
    }
}
