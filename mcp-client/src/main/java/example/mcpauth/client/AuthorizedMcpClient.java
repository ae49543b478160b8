package example.mcpauth.client;

import example.mcpauth.client.McpAuthException.Kind;
import example.mcpauth.client.discovery.Urls;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * An MCP session (the MCP Java SDK's sync client over Streamable HTTP) whose requests carry the access
 * token of {@link McpAuthorization}; 401/403 answers run the authorization flow and the request is retried.
 */
public final class AuthorizedMcpClient implements AutoCloseable {

    public static final String CLIENT_NAME = "java-mcp-client";
    public static final String VERSION = "1.0.0";

    private final ClientConfig cfg;
    private final McpAuthorization auth;
    private final McpSyncClient client;
    private boolean initialized;

    public AuthorizedMcpClient(ClientConfig cfg, PrintStream err) {
        this.cfg = cfg;
        this.auth = new McpAuthorization(cfg, err);
        URI u = cfg.serverUrl();
        String endpoint = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
                + (u.getRawQuery() != null ? "?" + u.getRawQuery() : "");
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(Urls.origin(u))
                .endpoint(endpoint)
                .connectTimeout(cfg.httpTimeout())
                .httpRequestCustomizer((builder, method, uri, body, ctx) ->
                        auth.accessTokenForRequest().ifPresent(t -> builder.setHeader("Authorization", "Bearer " + t)))
                .authorizationErrorHandler(new McpHttpClientTransportAuthorizationErrorHandler() {
                    @Override
                    public Mono<Boolean> handle(io.modelcontextprotocol.client.transport.HttpRequestSnapshot request,
                            java.net.http.HttpResponse.ResponseInfo response, io.modelcontextprotocol.common.McpTransportContext ctx) {
                        String sent = request.headers().firstValue("Authorization")
                                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).trim()).orElse(null);
                        return Mono.fromCallable(() -> auth.onAuthorizationError(response.statusCode(), response.headers(), sent))
                                .subscribeOn(Schedulers.boundedElastic());
                    }

                    @Override
                    public int maxRetries() {
                        return cfg.maxAuthorizations() + cfg.maxStepUps() + 1;
                    }
                })
                .build();
        Duration requestTimeout = cfg.authTimeout().plus(cfg.httpTimeout().multipliedBy(4));
        this.client = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation(CLIENT_NAME, "Java MCP Client", VERSION))
                .requestTimeout(requestTimeout)
                .initializationTimeout(requestTimeout)
                .build();
    }

    public McpAuthorization authorization() {
        return auth;
    }

    public McpSchema.InitializeResult initialize() {
        McpSchema.InitializeResult r = call(client::initialize);
        initialized = true;
        return r;
    }

    public McpSchema.ListToolsResult listTools() {
        ensureInitialized();
        return call(client::listTools);
    }

    public McpSchema.CallToolResult callTool(String name, Map<String, Object> arguments) {
        ensureInitialized();
        return call(() -> client.callTool(new McpSchema.CallToolRequest(name, arguments)));
    }

    private void ensureInitialized() {
        if (!initialized) {
            initialize();
        }
    }

    private interface Call<T> {
        T run();
    }

    private <T> T call(Call<T> c) {
        try {
            return c.run();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** Turns whatever the SDK threw into an McpAuthException with a message and a hint. */
    McpAuthException translate(Throwable e) {
        McpAuthException m = McpAuthException.find(e);
        if (m != null) {
            return m;
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof McpHttpClientTransportAuthorizationException a) {
                int status = a.getResponseInfo().statusCode();
                String why = auth.lastFailure();
                if (status == 403) {
                    return new McpAuthException(Kind.ACCESS_DENIED, why != null ? why : "The MCP server refused the request (HTTP 403).",
                            "Your account or client lacks the permission this operation needs; ask the server's operator.", e);
                }
                return new McpAuthException(Kind.AUTHORIZATION, why != null ? why
                        : "The MCP server kept answering HTTP 401 after signing in.",
                        "Check that the MCP server accepts tokens from its authorization server; run 'logout' and try again.", e);
            }
            if (c instanceof ConnectException) {
                return new McpAuthException(Kind.CONNECTION, "Cannot connect to the MCP server at " + cfg.serverUrl() + ".",
                        "Check the URL and that the server is running.", e);
            }
            if (c instanceof HttpTimeoutException || c instanceof java.util.concurrent.TimeoutException) {
                return new McpAuthException(Kind.CONNECTION, "The MCP server at " + cfg.serverUrl() + " did not answer in time.",
                        "Check that the server is healthy and try again.", e);
            }
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new McpAuthException(Kind.CONNECTION, "The MCP session with " + cfg.serverUrl() + " failed: " + firstLine(msg),
                "Check the URL and the server's logs; run with --verbose for details.", e);
    }

    private static String firstLine(String s) {
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    @Override
    public void close() {
        try {
            client.closeGracefully();
        } catch (RuntimeException ignored) {
            // closing is best effort
        }
    }
}
