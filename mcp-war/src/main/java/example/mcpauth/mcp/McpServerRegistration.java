package example.mcpauth.mcp;

import example.mcpauth.mcp.http.BearerTokenFilter;
import example.mcpauth.mcp.http.JsonRpcRequestFilter;
import example.mcpauth.mcp.http.OriginFilter;
import example.mcpauth.mcp.metadata.ProtectedResourceMetadataServlet;
import example.mcpauth.mcp.tools.CallerToken;
import example.mcpauth.mcp.tools.FetchStockPricesTool;
import example.mcpauth.mcp.tools.PlaceStockOrderTool;
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
 * Wires the MCP endpoint from configuration: the SDK's stateless transport servlet at MCP_PATH, the
 * checks in front of it (one filter each, in this order: {@link OriginFilter}, {@link BearerTokenFilter},
 * {@link JsonRpcRequestFilter}) and the protected resource metadata servlet.
 */
@WebListener
public class McpServerRegistration implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(McpServerRegistration.class.getName());

    @Inject McpSettings settings;
    @Inject FetchStockPricesTool fetchStockPrices;
    @Inject PlaceStockOrderTool placeStockOrder;

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

        server = McpServer.sync(transport)
                .serverInfo("stocks-mcp-server", "1.0.0")
                .instructions("Fetches stock prices from the stocks API on behalf of the signed-in user; "
                        + "orders are placed only where the API allows this client to.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonMapper(jsonMapper)
                // run tool handlers on the request thread: they see this request's token and MP context
                .immediateExecution(true)
                .tools(new McpStatelessServerFeatures.SyncToolSpecification(fetchStockPrices.definition(), fetchStockPrices::call),
                        new McpStatelessServerFeatures.SyncToolSpecification(placeStockOrder.definition(), placeStockOrder::call))
                .build();

        ServletRegistration.Dynamic mcp = context.addServlet("mcp", transport);
        mcp.setAsyncSupported(true);
        mcp.setLoadOnStartup(1);
        mcp.addMapping(path);

        guard(context, "originFilter", new OriginFilter(settings.mcpResource(), settings.allowedOrigins(), settings.allowedHosts()));
        guard(context, "bearerTokenFilter", new BearerTokenFilter(settings.mcpResource(), List.of(settings.stocksScope())));
        guard(context, "jsonRpcRequestFilter", new JsonRpcRequestFilter(settings.maxRequestBytes()));

        ServletRegistration.Dynamic metadata = context.addServlet("protectedResourceMetadata",
                new ProtectedResourceMetadataServlet(settings.mcpResource(), settings.asIssuer(),
                        settings.stocksScope(), settings.resourceName()));
        metadata.addMapping(ResourceMetadataUrl.WELL_KNOWN, ResourceMetadataUrl.WELL_KNOWN + settings.resourcePath());
        if (!settings.resourcePath().equals(path)) {
            metadata.addMapping(ResourceMetadataUrl.WELL_KNOWN + path);
        }
        LOG.info("MCP server (stateless Streamable HTTP) at " + path + " for resource " + settings.mcpResource());
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
