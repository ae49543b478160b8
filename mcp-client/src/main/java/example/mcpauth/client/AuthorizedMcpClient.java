package example.mcpauth.client;

import example.mcpauth.client.McpAuthException.Kind;
import example.mcpauth.client.discovery.Urls;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.client.McpTimeoutException;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpAuthorizationErrorHandler;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import io.modelcontextprotocol.modern.client.transport.McpHttpStatusException;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A dual-era MCP client (the MCP Java SDK over Streamable HTTP) whose requests carry the access token of
 * {@link McpAuthorization}; 401/403 answers run the authorization flow and the request is retried.
 *
 * <p>Era detection (MCP 2026-07-28, Streamable HTTP "Backward Compatibility"): the first request is the
 * modern {@code server/discover} (SDK {@code io.modelcontextprotocol.modern} client: per-request
 * {@code _meta}, {@code MCP-Protocol-Version}, {@code Mcp-Method}/{@code Mcp-Name} headers, no session).
 * A result, or a recognized modern JSON-RPC error, means a modern server and the client stays on
 * 2026-07-28. Any other 4xx answer (except 401/403, which the authorization flow handles) or a
 * non-modern JSON-RPC error means an initialize-based server: the client falls back to the SDK's classic
 * client ({@code initialize}, 2025-11-25 and older) for the rest of the run. Results are returned as the
 * classic {@link McpSchema} types in both eras.
 */
public final class AuthorizedMcpClient implements AutoCloseable {

    public static final String CLIENT_NAME = "java-mcp-client";
    public static final String VERSION = "1.0.0";
    /** The stateless protocol revision this client prefers. */
    public static final String MODERN_PROTOCOL_VERSION = io.modelcontextprotocol.modern.McpSchema.LATEST_PROTOCOL_VERSION;
    /** The initialize-based revisions the classic SDK client negotiates (newest first). */
    static final List<String> LEGACY_PROTOCOL_VERSIONS = List.of(ProtocolVersions.MCP_2025_11_25, ProtocolVersions.MCP_2025_06_18,
            ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2024_11_05);

    /** The protocol era of the server, once known. */
    public enum Era { MODERN, LEGACY }

    private static final int HEADER_MISMATCH = -32020;
    private static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;
    private static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    private final ClientConfig cfg;
    private final PrintStream err;
    private final McpAuthorization auth;
    private final McpJsonMapper json = McpJsonDefaults.getMapper();
    private final io.modelcontextprotocol.modern.client.McpSyncClient modern;
    private McpSyncClient legacy;
    private Era era;
    private String protocolVersion;

    public AuthorizedMcpClient(ClientConfig cfg, PrintStream err) {
        this.cfg = cfg;
        this.err = err;
        this.auth = new McpAuthorization(cfg, err);
        HttpClientMcpTransport transport = HttpClientMcpTransport.builder(cfg.serverUrl())
                .connectTimeout(cfg.httpTimeout())
                .requestCustomizer(McpHttpRequestCustomizer.fromSync((request, headers, ctx) ->
                        auth.accessTokenForRequest().ifPresent(t -> headers.set("Authorization", "Bearer " + t))))
                .authorizationErrorHandler(new McpHttpAuthorizationErrorHandler() {
                    @Override
                    public Mono<Boolean> handle(io.modelcontextprotocol.modern.client.transport.McpHttpRequest request,
                            io.modelcontextprotocol.modern.client.transport.McpHttpResponseInfo response,
                            io.modelcontextprotocol.common.McpTransportContext ctx) {
                        return onAuthorizationError(request.headers(), response.statusCode(), response.headers());
                    }

                    @Override
                    public int maxRetries() {
                        return retries();
                    }
                })
                .build();
        this.modern = io.modelcontextprotocol.modern.client.McpClient.sync(transport)
                .clientInfo(new io.modelcontextprotocol.modern.McpSchema.Implementation(CLIENT_NAME, "Java MCP Client", VERSION,
                        null, null, null))
                .roundTimeout(roundTimeout())
                .build();
    }

    private int retries() {
        return cfg.maxAuthorizations() + cfg.maxStepUps() + 1;
    }

    /** One HTTP exchange with the MCP server (the sign-in, which runs between exchanges, is not part of it). */
    private Duration roundTimeout() {
        return cfg.httpTimeout().multipliedBy(4);
    }

    private Mono<Boolean> onAuthorizationError(HttpHeaders sentHeaders, int status, HttpHeaders responseHeaders) {
        String sent = sentHeaders.firstValue("Authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).trim()).orElse(null);
        return Mono.fromCallable(() -> auth.onAuthorizationError(status, responseHeaders, sent)).subscribeOn(Schedulers.boundedElastic());
    }

    private McpSyncClient legacyClient() {
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
                        return onAuthorizationError(request.headers(), response.statusCode(), response.headers());
                    }

                    @Override
                    public int maxRetries() {
                        return retries();
                    }
                })
                .build();
        Duration requestTimeout = cfg.authTimeout().plus(cfg.httpTimeout().multipliedBy(4));
        return McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation(CLIENT_NAME, "Java MCP Client", VERSION))
                .requestTimeout(requestTimeout)
                .initializationTimeout(requestTimeout)
                .build();
    }

    public McpAuthorization authorization() {
        return auth;
    }

    /** The server's era, null before {@link #connect()}. */
    public synchronized Era era() {
        return era;
    }

    /** The protocol version in use, null before {@link #connect()}. */
    public synchronized String protocolVersion() {
        return protocolVersion;
    }

    /**
     * Finds out which protocol era the server speaks (signing in when the server asks for it) and returns the
     * protocol version in use; later calls return it at once.
     */
    public synchronized String connect() {
        if (era != null) {
            return protocolVersion;
        }
        if (cfg.protocolEra() == Era.LEGACY) {
            progress("Using the initialize handshake of the earlier revisions, as asked (--protocol-era legacy).");
            return connectLegacy();
        }
        try {
            io.modelcontextprotocol.modern.McpSchema.DiscoverResult discovered = modern.discover();
            era = Era.MODERN;
            protocolVersion = MODERN_PROTOCOL_VERSION;
            progress("MCP protocol " + protocolVersion + " (the server answered server/discover; it supports "
                    + discovered.supportedVersions() + ").");
            return protocolVersion;
        } catch (RuntimeException e) {
            McpAuthException m = McpAuthException.find(e);
            if (m != null) {
                throw m;
            }
            Optional<String> legacyReason = legacyServerAnswer(e);
            if (legacyReason.isEmpty()) {
                throw translate(e);
            }
            if (cfg.protocolEra() == Era.MODERN) {
                throw new McpAuthException(Kind.CONNECTION, "The server does not speak MCP " + MODERN_PROTOCOL_VERSION
                        + " (" + legacyReason.get() + ").", "Drop --protocol-era modern (or use legacy) for this server.", e);
            }
            progress("The server does not speak MCP " + MODERN_PROTOCOL_VERSION + " (" + legacyReason.get()
                    + "); using the initialize handshake of the earlier revisions.");
        }
        return connectLegacy();
    }

    private String connectLegacy() {
        legacy = legacyClient();
        McpSchema.InitializeResult r = call(legacy::initialize);
        era = Era.LEGACY;
        protocolVersion = r.protocolVersion();
        progress("MCP protocol " + protocolVersion + " (initialize).");
        return protocolVersion;
    }

    /**
     * Whether the failure of the modern probe shows an initialize-based server (empty: it does not), with a
     * short reason for the progress line. 401/403 are authorization answers, never an era signal.
     */
    static Optional<String> legacyServerAnswer(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof McpException rpc) {
                int code = rpc.error().code();
                if (code == HEADER_MISMATCH || code == MISSING_REQUIRED_CLIENT_CAPABILITY) {
                    return Optional.empty(); // a modern server
                }
                if (code == UNSUPPORTED_PROTOCOL_VERSION) {
                    // a modern server without 2026-07-28; it may list an initialize-based version it also serves
                    List<String> supported = supportedVersions(rpc.error().data());
                    return supported.stream().anyMatch(LEGACY_PROTOCOL_VERSIONS::contains)
                            ? Optional.of("it supports " + supported) : Optional.empty();
                }
                return Optional.of("JSON-RPC error " + code + " to server/discover");
            }
            if (c instanceof McpHttpStatusException http) {
                int status = http.statusCode();
                return status >= 400 && status < 500 && status != 401 && status != 403
                        ? Optional.of("HTTP " + status + " to server/discover") : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static List<String> supportedVersions(Object data) {
        if (data instanceof Map<?, ?> m && m.get("supported") instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    public McpSchema.ListToolsResult listTools() {
        connect();
        if (era == Era.MODERN) {
            return call(() -> convert(modern.listTools().list(), McpSchema.ListToolsResult.class));
        }
        return call(legacy::listTools);
    }

    public McpSchema.CallToolResult callTool(String name, Map<String, Object> arguments) {
        connect();
        if (era == Era.MODERN) {
            return call(() -> convert(modern.tool(name).arguments(arguments).call(), McpSchema.CallToolResult.class));
        }
        return call(() -> legacy.callTool(new McpSchema.CallToolRequest(name, arguments)));
    }

    /** A modern result as the classic type (same JSON; members the classic type lacks, e.g. resultType, are dropped). */
    private <T> T convert(Object modernResult, Class<T> classicType) {
        return json.convertValue(modernResult, classicType);
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
            int status = c instanceof McpHttpClientTransportAuthorizationException a ? a.getResponseInfo().statusCode()
                    : c instanceof McpHttpStatusException h && (h.statusCode() == 401 || h.statusCode() == 403) ? h.statusCode() : 0;
            if (status != 0) {
                String why = auth.lastFailure();
                if (status == 403) {
                    return new McpAuthException(Kind.ACCESS_DENIED, why != null ? why : "The MCP server refused the request (HTTP 403).",
                            "Your account or client lacks the permission this operation needs; ask the server's operator.", e);
                }
                return new McpAuthException(Kind.AUTHORIZATION, why != null ? why
                        : "The MCP server kept answering HTTP 401 after signing in.",
                        "Check that the MCP server accepts tokens from its authorization server; run 'logout' and try again.", e);
            }
            if (c instanceof McpException rpc && rpc.error().code() == UNSUPPORTED_PROTOCOL_VERSION) {
                return new McpAuthException(Kind.CONNECTION, "The MCP server supports none of this client's protocol versions ("
                        + MODERN_PROTOCOL_VERSION + ", " + String.join(", ", LEGACY_PROTOCOL_VERSIONS) + "); it supports "
                        + supportedVersions(rpc.error().data()) + ".", "Use a client that speaks one of the server's versions.", e);
            }
            if (c instanceof ConnectException) {
                return new McpAuthException(Kind.CONNECTION, "Cannot connect to the MCP server at " + cfg.serverUrl() + ".",
                        "Check the URL and that the server is running.", e);
            }
            if (c instanceof HttpTimeoutException || c instanceof java.util.concurrent.TimeoutException
                    || c instanceof McpTimeoutException) {
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

    private void progress(String s) {
        err.println("[mcp-client] " + s);
    }

    @Override
    public void close() {
        if (legacy != null) {
            try {
                legacy.closeGracefully();
            } catch (RuntimeException ignored) {
                // closing is best effort
            }
        }
    }
}
