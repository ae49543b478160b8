package example.mcpauth.mcp;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The upstream stocks API (base URL: stocks.api.url, config key stocks-api). */
@RegisterRestClient(configKey = "stocks-api")
public interface StocksApiClient {

    /** @param authorization "Bearer " + an exchanged, API-audience token (never the MCP client's token) */
    @GET
    @Path("/stocks")
    @Produces(MediaType.APPLICATION_JSON)
    Response stocks(@HeaderParam("Authorization") String authorization);

    /** Places an order: an operation the API reserves for clients with enough assurance. */
    @POST
    @Path("/orders")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response placeOrder(@HeaderParam("Authorization") String authorization, String orderJson);
}
