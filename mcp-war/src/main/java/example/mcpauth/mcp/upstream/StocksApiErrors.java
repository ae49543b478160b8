package example.mcpauth.mcp.upstream;

import example.mcpauth.oauth.BearerChallenge;
import jakarta.json.Json;
import java.io.StringReader;
import java.util.Map;

/** Maps the stocks API's refusals (RFC 6750 challenge + {"code","message"} body) to failures a person can act on. */
public class StocksApiErrors extends UpstreamErrors {

    /** The API refused the exchanged token: the tool forgets it, so the next call exchanges again. */
    public static final String UNAUTHORIZED = "stocks_api_unauthorized";

    @Override
    UpstreamFailure failure(int status, String body, String wwwAuthenticate) {
        return interpret(status, body, wwwAuthenticate);
    }

    static UpstreamFailure interpret(int status, String body, String wwwAuthenticate) {
        Map<String, String> challenge = BearerChallenge.parse(wwwAuthenticate);
        String apiMessage = message(body);
        if (status == 401) {
            return new UpstreamFailure(UNAUTHORIZED, "The stocks API rejected the exchanged access token (401"
                    + describe(challenge) + "). Sign in again; if it persists, the token exchange is misconfigured.");
        }
        if (status == 403) {
            String advice = BearerChallenge.INSUFFICIENT_SCOPE.equals(challenge.get("error"))
                    ? "Ask for the scope " + challenge.getOrDefault("scope", "the API requires") + " when you sign in."
                    : "Your account or this AI client is not allowed this operation.";
            return new UpstreamFailure("stocks_api_forbidden", "The stocks API refused access (403" + describe(challenge)
                    + apiMessage + "). " + advice);
        }
        if (status == 400 || status == 404 && !apiMessage.isEmpty()) {
            return new UpstreamFailure("stocks_api_rejected_request", "The stocks API rejected the request ("
                    + status + apiMessage + "). Correct the arguments and try again.");
        }
        if (status == 404) {
            return new UpstreamFailure("stocks_api_not_found",
                    "The stocks API has no such resource at the configured URL (404): an administrator must check STOCKS_API_URL.");
        }
        return new UpstreamFailure("stocks_api_unavailable", "The stocks API failed with HTTP " + status + ". Try again later.");
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

    /** ", <the API's message>" from its JSON error body, or "". */
    private static String message(String body) {
        try {
            String message = Json.createReader(new StringReader(body)).readObject().getString("message", "");
            return message.isBlank() ? "" : ", " + message;
        } catch (RuntimeException e) {
            return "";
        }
    }
}
