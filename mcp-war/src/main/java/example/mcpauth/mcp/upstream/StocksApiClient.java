package example.mcpauth.mcp.upstream;

import example.mcpauth.mcp.audit.TraceparentPropagation;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The upstream stocks API (base URL: STOCKS_API_URL, config key stocks-api). Every call carries an
 * exchanged, API-audience token ("Bearer " + token), never the MCP client's. A non-2xx answer becomes an
 * {@link UpstreamFailure} ({@link StocksApiErrors}).
 */
@RegisterRestClient(configKey = "stocks-api")
@RegisterProvider(StocksApiErrors.class)
@RegisterProvider(TraceparentPropagation.class)
public interface StocksApiClient {

    /** The stocks of the caller's region (the API decides). */
    @GET
    @Path("/stocks")
    @Produces(MediaType.APPLICATION_JSON)
    List<Stock> stocks(@HeaderParam("Authorization") String authorization) throws UpstreamFailure;

    /** Places an order: an operation the API reserves for clients with enough assurance. */
    @POST
    @Path("/orders")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Order placeOrder(@HeaderParam("Authorization") String authorization, OrderRequest order) throws UpstreamFailure;
}
