package example.mcpauth.mcp;

import example.mcpauth.mcp.http.BearerTokenFilter;
import example.mcpauth.mcp.http.JsonRpcRequestFilter;
import example.mcpauth.mcp.http.OriginFilter;
import example.mcpauth.mcp.http.ProtocolEra;
import example.mcpauth.mcp.http.ProtocolVersion;
import example.mcpauth.mcp.http.ToolScopeFilter;
import example.mcpauth.mcp.tools.ToolScopes;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.modern.McpSchema.CacheScope;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import example.mcpauth.mcp.metadata.ProtectedResourceMetadataServlet;
import example.mcpauth.mcp.tools.CallerToken;
import example.mcpauth.mcp.tools.FetchStockPricesTool;
import example.mcpauth.mcp.tools.PlaceStockOrderTool;
import example.mcpauth.oauth.CompressedBodyFilter;
import example.mcpauth.oauth.ResourceMetadataUrl;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import java.util.EnumSet;
import java.util.List;
import java.util.logging.Logger;

/**
 * Wires the MCP endpoint from configuration: at MCP_PATH the {@link McpEndpoint} over the SDK's two
 * stateless transports (2026-07-28: the modern server; 2025-11-25 and older: the initialize-based one),
 * both serving the same tools; the checks in front of it (one filter each, in this order:
 * {@link OriginFilter}, {@link BearerTokenFilter}, {@link JsonRpcRequestFilter}, {@link ToolScopeFilter})
 * and the protected resource metadata servlet.
 */
@WebListener
public class McpServerRegistration implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(McpServerRegistration.class.getName());

    @Inject McpSettings settings;
    @Inject FetchStockPricesTool fetchStockPrices;
    @Inject PlaceStockOrderTool placeStockOrder;

    static final String SERVER_NAME = "stocks-mcp-server";
    static final String SERVER_VERSION = "1.0.0";
    static final String INSTRUCTIONS = "Fetches stock prices from the stocks API on behalf of the signed-in user; "
            + "orders are placed only where the API allows this client to.";

    private McpStatelessSyncServer server;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        String path = settings.mcpPath();
        McpJsonMapper jsonMapper = McpJson.mcpMapper();

        // Origin, Host and body size are checked by our filters (JSON answers); the SDK's own validators stay off
        HttpServletStatelessServerTransport transport = HttpServletStatelessServerTransport.builder()
                .jsonMapper(jsonMapper)
                .messageEndpoint(path)
                .contextExtractor(CallerToken::extract)
                .build();

        ToolScopes toolScopes = settings.toolScopes();
        List<McpStatelessServerFeatures.SyncToolSpecification> tools = List.of(
                new McpStatelessServerFeatures.SyncToolSpecification(fetchStockPrices.definition(), fetchStockPrices::call),
                new McpStatelessServerFeatures.SyncToolSpecification(placeStockOrder.definition(), placeStockOrder::call));

        server = McpServer.sync(transport)
                .serverInfo(SERVER_NAME, SERVER_VERSION)
                .instructions(INSTRUCTIONS)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonMapper(jsonMapper)
                // run tool handlers on the request thread: they see this request's token and MP context
                .immediateExecution(true)
                .tools(tools)
                .build();

        // 2026-07-28: the SDK's modern server over the same tools; list results may be cached for
        // MCP_LIST_TTL_MS by this user only (cacheScope private: what a token may list is per user)
        var modernServer = io.modelcontextprotocol.modern.server.McpServer.builder()
                .serverInfo(io.modelcontextprotocol.modern.McpSchema.Implementation.builder(SERVER_NAME, SERVER_VERSION).build())
                .instructions(INSTRUCTIONS)
                .supportedVersions(List.of(ProtocolEra.MODERN_VERSION))
                .jsonMapper(jsonMapper)
                .discoverCache(settings.listTtlMs(), CacheScope.PRIVATE)
                .feature(ToolsFeature.ofSync(new ModernToolRepository(jsonMapper, tools), jsonMapper,
                        McpJsonDefaults.getSchemaValidator(), settings.listTtlMs(), CacheScope.PRIVATE))
                .build();
        HttpServletMcpTransport modernTransport = HttpServletMcpTransport.builder(modernServer)
                .jsonMapper(jsonMapper)
                .endpoint(path)
                .contextExtractor(CallerToken::extract)
                .maxRequestSize(settings.maxRequestBytes())
                // Origin and Host are OriginFilter's (JSON answers, the allow-list); the SDK's default refuses every Origin
                .httpHeaderValidator(ServerHttpHeaderValidator.NOOP)
                .build();

        ServletRegistration.Dynamic mcp = context.addServlet("mcp", new McpEndpoint(transport, modernTransport));
        mcp.setAsyncSupported(true);
        mcp.setLoadOnStartup(1);
        mcp.addMapping(path);

        guard(context, "compressedBodyFilter", new CompressedBodyFilter());
        guard(context, "originFilter", new OriginFilter(settings.mcpResource(), settings.allowedOrigins(), settings.allowedHosts()));
        guard(context, "bearerTokenFilter", new BearerTokenFilter(settings.mcpResource(), List.of(settings.stocksScope())));
        guard(context, "jsonRpcRequestFilter", new JsonRpcRequestFilter(settings.maxRequestBytes()));
        guard(context, "toolScopeFilter", new ToolScopeFilter(settings.mcpResource(), toolScopes));

        ServletRegistration.Dynamic metadata = context.addServlet("protectedResourceMetadata",
                new ProtectedResourceMetadataServlet(settings.mcpResource(), settings.asIssuer(),
                        settings.stocksScope(), settings.resourceName()));
        metadata.addMapping(ResourceMetadataUrl.WELL_KNOWN, ResourceMetadataUrl.WELL_KNOWN + settings.resourcePath());
        if (!settings.resourcePath().equals(path)) {
            metadata.addMapping(ResourceMetadataUrl.WELL_KNOWN + path);
        }
        LOG.info("MCP server (stateless Streamable HTTP, protocols " + String.join(", ", ProtocolVersion.SUPPORTED)
                + ") at " + path + " for resource " + settings.mcpResource());
    }

    /** Filters run in the order they are added (all mapped to the MCP servlet). */
    private static void guard(ServletContext context, String name, Filter filter) {
        FilterRegistration.Dynamic registration = context.addFilter(name, filter);
        registration.setAsyncSupported(true);
        registration.addMappingForServletNames(EnumSet.of(DispatcherType.REQUEST), true, "mcp");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (server != null) {
            server.close();
        }
    }
}
