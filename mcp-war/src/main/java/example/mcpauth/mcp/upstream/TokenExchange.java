package example.mcpauth.mcp.upstream;

import example.mcpauth.mcp.McpSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Form;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * THE TOKEN EXCHANGE (RFC 8693): the MCP client's token (audience = this MCP server) becomes a token for
 * the stocks API (audience = STOCKS_API_AUDIENCE, scope = the scopes of the tool that calls, from
 * MCP_TOOL_SCOPES: so place-stock-order's API token carries stocks/trade and fetch-stock-prices' does not).
 * The MCP server authenticates with its own client credentials (client_secret_post). Results are cached
 * per (hash of subject token, audience, scopes) in {@link ExchangedTokenCache}. Tokens are never logged.
 */
@ApplicationScoped
public class TokenExchange {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private static final Logger LOG = Logger.getLogger(TokenExchange.class.getName());

    @Inject @RestClient TokenEndpointClient tokenEndpoint;
    @Inject McpSettings settings;
    @Inject ExchangeMetrics metrics;

    private ExchangedTokenCache cache;

    @PostConstruct
    void init() {
        cache = new ExchangedTokenCache(settings.tokenCacheSize(),
                Duration.ofSeconds(settings.tokenCacheSkewSeconds()), Clock.systemUTC());
    }

    /**
     * An access token for the stocks API with {@code scope} (space separated), from the cache when a
     * valid one is there.
     */
    public String tokenForStocksApi(String subjectToken, String scope) throws UpstreamFailure {
        String audience = settings.stocksApiAudience();
        Optional<String> cached = cache.get(subjectToken, audience, scope);
        metrics.cache(cached.isPresent());
        if (cached.isPresent()) {
            return cached.get();
        }
        long started = System.nanoTime();
        TokenResponse exchanged;
        try {
            exchanged = exchange(subjectToken, audience, scope);
        } finally {
            metrics.exchanged(Duration.ofNanos(System.nanoTime() - started));
        }
        cache.put(subjectToken, audience, scope, exchanged.accessToken(), exchanged.expiresIn());
        return exchanged.accessToken();
    }

    /** Forget the exchanged token of this subject token and scope (the API refused it). */
    public void forget(String subjectToken, String scope) {
        cache.invalidate(subjectToken, settings.stocksApiAudience(), scope);
    }

    public int cachedEntries() {
        return cache.size();
    }

    private TokenResponse exchange(String subjectToken, String audience, String scope) throws UpstreamFailure {
        Form form = new Form()
                .param("grant_type", GRANT_TYPE)
                .param("client_id", settings.clientId())
                .param("client_secret", settings.clientSecret())
                .param("subject_token", subjectToken)
                .param("subject_token_type", ACCESS_TOKEN_TYPE)
                .param("audience", audience)
                .param("scope", scope);
        TokenResponse response;
        try {
            response = tokenEndpoint.token(form);
        } catch (ProcessingException e) {
            throw unreachable(e);
        }
        if (response == null || response.accessToken() == null || response.accessToken().isBlank()) {
            throw new UpstreamFailure("token_exchange_invalid_response",
                    "The authorization server answered the token exchange without an access_token. "
                            + "Check that token exchange is enabled for the MCP server's client.");
        }
        return response;
    }

    static UpstreamFailure unreachable(ProcessingException e) {
        boolean timeout = UpstreamFailure.isTimeout(e);
        boolean connection = timeout || hasCause(e, ConnectException.class);
        LOG.warning("Token exchange failed: " + (connection ? "authorization server unreachable" : "unreadable answer")
                + " (" + rootCause(e).getClass().getSimpleName() + ")");
        if (!connection) {
            return new UpstreamFailure("token_exchange_invalid_response",
                    "The authorization server's answer to the token exchange could not be read. Try again later.");
        }
        return new UpstreamFailure("authorization_server_unreachable",
                "The authorization server could not be reached to exchange your token ("
                        + (timeout ? "timed out" : "connection failed") + "). Try again in a moment.");
    }

    static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
