package example.mcpauth.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.Response;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * RFC 8693 token exchange: the MCP client's token (audience = this MCP server) becomes a token for the
 * stocks API (audience = stocks.api.audience, scope = stocks.scope). The MCP server authenticates with its
 * own client credentials (client_secret_post). Results are cached per (hash of subject token, audience).
 * Tokens are never logged.
 */
@ApplicationScoped
public class TokenExchange {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private static final Logger LOG = Logger.getLogger(TokenExchange.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A successful exchange. */
    public record Exchanged(String accessToken, long expiresIn) { }

    @Inject @RestClient TokenExchangeClient client;
    @Inject McpSettings settings;

    private ExchangedTokenCache cache;

    @PostConstruct
    void init() {
        cache = new ExchangedTokenCache(settings.tokenCacheSize(),
                Duration.ofSeconds(settings.tokenCacheSkewSeconds()), Clock.systemUTC());
    }

    /** Returns an access token for the stocks API, from the cache when a valid one is there. */
    public String tokenForStocksApi(String subjectToken) throws ToolFailure {
        String audience = settings.stocksApiAudience();
        Optional<String> cached = cache.get(subjectToken, audience);
        if (cached.isPresent()) {
            return cached.get();
        }
        Form form = new Form()
                .param("grant_type", GRANT_TYPE)
                .param("client_id", settings.clientId())
                .param("client_secret", settings.clientSecret())
                .param("subject_token", subjectToken)
                .param("subject_token_type", ACCESS_TOKEN_TYPE)
                .param("audience", audience)
                .param("scope", settings.stocksScope());
        Exchanged exchanged;
        try (Response response = client.token(form)) {
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            exchanged = interpret(response.getStatus(), body);
        } catch (ProcessingException e) {
            LOG.warning("Token exchange failed: authorization server unreachable (" + rootCauseName(e) + ")");
            throw unreachable(e);
        }
        cache.put(subjectToken, audience, exchanged.accessToken(), exchanged.expiresIn());
        return exchanged.accessToken();
    }

    /** Forget the exchanged token of this subject token (e.g. the API refused it). */
    public void forget(String subjectToken) {
        cache.invalidate(subjectToken, settings.stocksApiAudience());
    }

    int cachedEntries() {
        return cache.size();
    }

    /** Maps the token endpoint's answer to a token or to a failure a person can act on. */
    static Exchanged interpret(int status, String body) throws ToolFailure {
        JsonNode json = parse(body);
        if (status == 200) {
            String token = json == null ? null : json.path("access_token").asText(null);
            if (token == null || token.isBlank()) {
                throw new ToolFailure("token_exchange_invalid_response",
                        "The authorization server answered the token exchange without an access_token. "
                                + "Check that token exchange is enabled for the MCP server's client.");
            }
            long expiresIn = json.path("expires_in").asLong(0);
            return new Exchanged(token, expiresIn);
        }
        String error = json == null ? null : json.path("error").asText(null);
        String description = json == null ? null : json.path("error_description").asText(null);
        if (status >= 400 && status < 500 && error != null) {
            StringBuilder message = new StringBuilder("The authorization server refused to exchange your access token for a stocks API token (HTTP ")
                    .append(status).append(", error=").append(error);
            if (description != null && !description.isBlank()) {
                message.append(": ").append(description);
            }
            message.append("). ").append(advice(error));
            return throwRefused(message.toString());
        }
        throw new ToolFailure("authorization_server_error",
                "The authorization server failed the token exchange with HTTP " + status
                        + ". Try again later; if it persists, the authorization server's log has the reason.");
    }

    private static Exchanged throwRefused(String message) throws ToolFailure {
        throw new ToolFailure("token_exchange_refused", message);
    }

    private static String advice(String error) {
        return switch (error) {
            case "invalid_grant" -> "Your access token is no longer accepted: sign in again to get a new one.";
            case "invalid_client", "unauthorized_client" ->
                    "The MCP server's own client credentials or permissions are wrong: an administrator must fix the mcp.server.client settings.";
            case "invalid_scope" -> "The stocks scope may not be granted to you: ask for access to stocks data.";
            case "invalid_target" -> "The stocks API audience is not allowed for this exchange: an administrator must check stocks.api.audience.";
            default -> "Sign in again; if it persists, contact the administrator.";
        };
    }

    static ToolFailure unreachable(Throwable e) {
        boolean timeout = rootCause(e) instanceof SocketTimeoutException
                || rootCauseName(e).toLowerCase().contains("timeout");
        return new ToolFailure("authorization_server_unreachable",
                "The authorization server could not be reached to exchange your token ("
                        + (timeout ? "timed out" : "connection failed") + "). Try again in a moment.");
    }

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    static String rootCauseName(Throwable e) {
        return rootCause(e).getClass().getSimpleName();
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }
}
