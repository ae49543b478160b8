package example.mcpauth.mcp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Calls the stocks API with an exchanged token and turns its failures into messages a person can act on. */
@ApplicationScoped
public class StocksApi {

    private static final Logger LOG = Logger.getLogger(StocksApi.class.getName());
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final Pattern AUTH_PARAM = Pattern.compile("([A-Za-z_]+)\\s*=\\s*\"([^\"]*)\"");

    @Inject @RestClient StocksApiClient client;

    /** The API's JSON answer (only the caller's region: the API decides). */
    public String stocks(String apiToken) throws ToolFailure {
        return call(() -> client.stocks("Bearer " + apiToken), 200);
    }

    /** Places an order for the caller; the API decides whether this client may (201 = placed). */
    public String placeOrder(String apiToken, String symbol, long quantity) throws ToolFailure {
        String order = JSON.createObjectNode().put("symbol", symbol).put("quantity", quantity).toString();
        return call(() -> client.placeOrder("Bearer " + apiToken, order), 201);
    }

    private String call(java.util.function.Supplier<Response> request, int expected) throws ToolFailure {
        try (Response response = request.get()) {
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            return interpret(response.getStatus(), expected, body, response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE));
        } catch (ProcessingException e) {
            boolean timeout = TokenExchange.rootCause(e) instanceof SocketTimeoutException
                    || TokenExchange.rootCauseName(e).toLowerCase().contains("timeout");
            LOG.warning("Stocks API call failed (" + TokenExchange.rootCauseName(e) + ")");
            throw new ToolFailure("stocks_api_unavailable", "The stocks API is unavailable ("
                    + (timeout ? "timed out" : "connection failed") + "). Try again later.");
        }
    }

    static String interpret(int status, String body, String wwwAuthenticate) throws ToolFailure {
        return interpret(status, 200, body, wwwAuthenticate);
    }

    static String interpret(int status, int expected, String body, String wwwAuthenticate) throws ToolFailure {
        if (status == expected) {
            return body;
        }
        Map<String, String> challenge = challengeParams(wwwAuthenticate);
        if (status == 401) {
            throw new ToolFailure("stocks_api_unauthorized", "The stocks API rejected the exchanged access token (401"
                    + describe(challenge) + "). Sign in again; if it persists, the token exchange is misconfigured.");
        }
        if (status == 403) {
            String error = challenge.get("error");
            String advice;
            if ("insufficient_scope".equals(error)) {
                advice = "Ask for the scope " + challenge.getOrDefault("scope", "the API requires") + " when you sign in.";
            } else {
                advice = "Your account or this AI client is not allowed this operation.";
            }
            throw new ToolFailure("stocks_api_forbidden", "The stocks API refused access (403" + describe(challenge)
                    + bodyMessage(body) + "). " + advice);
        }
        if (status == 400 || (status == 404 && expected == 201)) {
            throw new ToolFailure("stocks_api_rejected_request", "The stocks API rejected the request ("
                    + status + bodyMessage(body) + "). Correct the arguments and try again.");
        }
        if (status == 404) {
            throw new ToolFailure("stocks_api_not_found",
                    "The stocks API has no stock list at the configured URL (404): an administrator must check stocks.api.url.");
        }
        throw new ToolFailure("stocks_api_unavailable",
                "The stocks API failed with HTTP " + status + ". Try again later.");
    }

    /** The parameters of a Bearer challenge, e.g. error, error_description, scope. */
    static Map<String, String> challengeParams(String wwwAuthenticate) {
        Map<String, String> params = new LinkedHashMap<>();
        if (wwwAuthenticate != null) {
            Matcher m = AUTH_PARAM.matcher(wwwAuthenticate);
            while (m.find()) {
                params.put(m.group(1), m.group(2));
            }
        }
        return params;
    }

    private static String describe(Map<String, String> challenge) {
        StringBuilder sb = new StringBuilder();
        if (challenge.containsKey("error")) {
            sb.append(", error=").append(challenge.get("error"));
        }
        if (challenge.containsKey("error_description")) {
            sb.append(": ").append(challenge.get("error_description"));
        }
        if (challenge.containsKey("scope")) {
            sb.append(", required scope ").append(challenge.get("scope"));
        }
        return sb.toString();
    }

    private static String bodyMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            var node = JSON.readTree(body);
            String message = node.path("message").asText(null);
            return message == null || message.isBlank() ? "" : ", " + message;
        } catch (Exception e) {
            return "";
        }
    }
}
