package example.mcpauth.mcp;

import jakarta.ws.rs.GET;
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
}
