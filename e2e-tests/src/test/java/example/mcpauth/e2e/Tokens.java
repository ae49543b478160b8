package example.mcpauth.e2e;

import example.mcpauth.testsupport.Http;
import example.mcpauth.testsupport.StackSettings;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;

/** Does what the gateway and the MCP server do with a token, so tests can hold each kind. */
public final class Tokens {

    private Tokens() { }

    /** The gateway's phantom-token step: introspection with its own credentials, JWT member. */
    public static String introspectToJwt(String opaque) {
        StackSettings s = E2e.stack();
        HttpResponse<String> r = new Http().postForm(s.get("AS_INTROSPECTION_ENDPOINT"), Http.params("token", opaque),
                "Authorization", Http.basic(s.get("GATEWAY_CLIENT_ID"), s.get("GATEWAY_CLIENT_SECRET")),
                "Accept", "application/jwt");
        JsonNode body = Http.json(r);
        if (!body.path("active").asBoolean(false) || !body.hasNonNull("jwt")) {
            throw new AssertionError("introspection did not return an active token with a jwt");
        }
        return body.path("jwt").asText();
    }

    /** The MCP server's step: RFC 8693 token exchange for the stocks API's audience. */
    public static String exchangeForApi(String subjectJwt) {
        return exchangeForApi(subjectJwt, E2e.stack().get("STOCKS_SCOPE"));
    }

    /** The same exchange asking for {@code scope} (e.g. a tool's "stocks/read stocks/trade"). */
    public static String exchangeForApi(String subjectJwt, String scope) {
        StackSettings s = E2e.stack();
        HttpResponse<String> r = new Http().postForm(s.tokenEndpoint(), Http.params(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", subjectJwt,
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "audience", s.get("STOCKS_API_AUDIENCE"),
                "scope", scope,
                "client_id", s.get("MCP_SERVER_CLIENT_ID"),
                "client_secret", s.get("MCP_SERVER_CLIENT_SECRET")));
        if (r.statusCode() != 200) throw new AssertionError("token exchange answered " + r.statusCode() + ": " + r.body());
        return Http.json(r).path("access_token").asText();
    }
}
