package example.mcpauth.mcp.upstream;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** The REST clients' error mappers: any non-2xx answer becomes an {@link UpstreamFailure} a person can act on. */
abstract class UpstreamErrors implements ResponseExceptionMapper<UpstreamFailure> {

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 300;
    }

    @Override
    public UpstreamFailure toThrowable(Response response) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        return failure(response.getStatus(), body, response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE));
    }

    abstract UpstreamFailure failure(int status, String body, String wwwAuthenticate);
}
