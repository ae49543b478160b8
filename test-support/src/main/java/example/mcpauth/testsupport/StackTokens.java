package example.mcpauth.testsupport;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the hops behind the client do with its token at the stack's Keycloak, with their own
 * credentials from the settings: the gateway's introspection ({@code Accept: application/jwt}) and
 * the MCP server's RFC 8693 exchange for the stocks API.
 */
public final class StackTokens {

    public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private StackTokens() { }

    /** The gateway's introspection of a token: the result ({@code active}, and {@code jwt} when active), not checked. */
    public static JsonNode introspect(String accessToken) {
        return Http.json(new Http().postForm(Stack.get("AS_INTROSPECTION_ENDPOINT"), Http.params("token", accessToken),
                "Authorization", Http.basic(Stack.get("GATEWAY_CLIENT_ID"), Stack.get("GATEWAY_CLIENT_SECRET")),
                "Accept", "application/jwt"));
    }

    /** The claims of the JWT the gateway's introspection returns for an active token (an AssertionError otherwise). */
    public static JsonNode introspectedClaims(String accessToken) {
        JsonNode result = introspect(accessToken);
        if (!result.path("active").asBoolean() || !result.hasNonNull("jwt")) {
            throw new AssertionError("introspection did not return an active token with a jwt: " + result);
        }
        return Http.jwtClaims(result.path("jwt").asText());
    }

    /** The MCP server's exchange of {@code subjectToken} for the stocks API's audience with {@code scope}; the raw response. */
    public static HttpResponse<String> exchange(String subjectToken, String scope) {
        return new Http().postForm(Stack.get("AS_TOKEN_ENDPOINT"), Http.params(
                "grant_type", TOKEN_EXCHANGE,
                "client_id", Stack.get("MCP_SERVER_CLIENT_ID"), "client_secret", Stack.get("MCP_SERVER_CLIENT_SECRET"),
                "subject_token", subjectToken, "subject_token_type", ACCESS_TOKEN_TYPE,
                "audience", Stack.get("STOCKS_API_AUDIENCE"), "scope", scope));
    }
}
