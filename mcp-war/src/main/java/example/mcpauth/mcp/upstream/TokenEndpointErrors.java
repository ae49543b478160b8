package example.mcpauth.mcp.upstream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;

/** Maps the token endpoint's error answers (RFC 6749 section 5.2) to failures a person can act on. */
public class TokenEndpointErrors extends UpstreamErrors {

    @Override
    UpstreamFailure failure(int status, String body, String wwwAuthenticate) {
        return interpret(status, body);
    }

    static UpstreamFailure interpret(int status, String body) {
        JsonObject json = parse(body);
        String error = json == null ? null : json.getString("error", null);
        String description = json == null ? null : json.getString("error_description", null);
        if (status >= 400 && status < 500 && error != null) {
            StringBuilder message = new StringBuilder(
                    "The authorization server refused to exchange your access token for a stocks API token (HTTP ")
                    .append(status).append(", error=").append(error);
            if (description != null && !description.isBlank()) {
                message.append(": ").append(description);
            }
            message.append("). ").append(advice(error));
            return new UpstreamFailure("token_exchange_refused", message.toString());
        }
        return new UpstreamFailure("authorization_server_error", "The authorization server failed the token exchange with HTTP "
                + status + ". Try again later; if it persists, the authorization server's log has the reason.");
    }

    private static String advice(String error) {
        return switch (error) {
            case "invalid_grant" -> "Your access token is no longer accepted: sign in again to get a new one.";
            case "invalid_client", "unauthorized_client" ->
                    "The MCP server's own client credentials or permissions are wrong: an administrator must fix MCP_SERVER_CLIENT_ID/MCP_SERVER_CLIENT_SECRET.";
            case "invalid_scope" -> "Your access token does not hold every scope this tool needs: sign in again and approve them.";
            case "invalid_target" -> "The stocks API audience is not allowed for this exchange: an administrator must check STOCKS_API_AUDIENCE.";
            default -> "Sign in again; if it persists, contact the administrator.";
        };
    }

    private static JsonObject parse(String body) {
        try {
            return body == null || body.isBlank() ? null : Json.createReader(new StringReader(body)).readObject();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
