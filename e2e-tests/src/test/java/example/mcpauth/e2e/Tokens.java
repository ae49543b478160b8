package example.mcpauth.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Does what the gateway and the MCP server do with a token, so tests can hold each kind. */
public final class Tokens {

    private Tokens() { }

    /** The gateway's phantom-token step: introspection with its own credentials, JWT member. */
    public static String introspectToJwt(String opaque) throws Exception {
        StackSettings s = E2e.stack();
        String basic = Base64.getEncoder().encodeToString((s.value("GATEWAY_CLIENT_ID") + ":"
                + s.value("GATEWAY_CLIENT_SECRET")).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = OAuthTestClient.HTTP.send(HttpRequest.newBuilder(URI.create(s.value("AS_INTROSPECTION_ENDPOINT")))
                .header("Authorization", "Basic " + basic)
                .header("Accept", "application/jwt")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(OAuthTestClient.form(Map.of("token", opaque)))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = OAuthTestClient.JSON.readTree(r.body());
        if (!body.path("active").asBoolean(false) || !body.hasNonNull("jwt")) {
            throw new AssertionError("introspection did not return an active token with a jwt");
        }
        return body.path("jwt").asText();
    }

    /** The MCP server's step: RFC 8693 token exchange for the stocks API's audience. */
    public static String exchangeForApi(String subjectJwt) throws Exception {
        StackSettings s = E2e.stack();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        p.put("subject_token", subjectJwt);
        p.put("subject_token_type", "urn:ietf:params:oauth:token-type:access_token");
        p.put("audience", s.value("STOCKS_API_AUDIENCE"));
        p.put("scope", s.value("STOCKS_SCOPE"));
        p.put("client_id", s.value("MCP_SERVER_CLIENT_ID"));
        p.put("client_secret", s.value("MCP_SERVER_CLIENT_SECRET"));
        HttpResponse<String> r = OAuthTestClient.postForm(s.value("AS_TOKEN_ENDPOINT"), p, null);
        if (r.statusCode() != 200) throw new AssertionError("token exchange answered " + r.statusCode() + ": " + r.body());
        return OAuthTestClient.JSON.readTree(r.body()).path("access_token").asText();
    }
}
