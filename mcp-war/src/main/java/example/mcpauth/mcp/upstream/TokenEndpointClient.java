package example.mcpauth.mcp.upstream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The authorization server's token endpoint (URL: AS_TOKEN_ENDPOINT, config key token-exchange). */
@RegisterRestClient(configKey = "token-exchange")
@RegisterProvider(TokenEndpointErrors.class)
public interface TokenEndpointClient {

    /** Any non-2xx answer becomes an {@link UpstreamFailure} ({@link TokenEndpointErrors}). */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    TokenResponse token(Form form) throws UpstreamFailure;
}
