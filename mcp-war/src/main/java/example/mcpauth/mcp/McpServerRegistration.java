package example.mcpauth.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Builds the stateless MCP server and registers, from configuration: the SDK's transport servlet at
 * mcp.path, the guard filter in front of it, and the protected resource metadata servlet.
 */
@WebListener
public class McpServerRegistration implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(McpServerRegistration.class.getName());

    @Inject McpSettings settings;
    @Inject FetchStockPricesTool tool;
    @Inject PlaceStockOrderTool orderTool;

    private McpStatelessSyncServer server;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        String path = settings.mcpPath();
        McpJsonMapper jsonMapper = McpJson.mcpMapper();

        HttpServletStatelessServerTransport transport = HttpServletStatelessServerTransport.builder()
                .jsonMapper(jsonMapper)
                .messageEndpoint(path)
                .contextExtractor(McpServerRegistration::transportContext)
                // the filter answers first with JSON bodies; this is the SDK's own second line
                .securityValidator(DefaultServerTransportSecurityValidator.builder()
                        .allowedOrigins(settings.allowedOrigins()).build())
                .maxRequestSize(settings.maxRequestBytes())
                .build();

        server = McpServer.sync(transport)
                .serverInfo("stocks-mcp-server", "1.0.0")
                .instructions("Fetches stock prices from the stocks API on behalf of the signed-in user; "
                        + "orders are placed only where the API allows this client to.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonMapper(jsonMapper)
                // run tool handlers on the request thread: they see this request's token and MP context
                .immediateExecution(true)
                .tools(new McpStatelessServerFeatures.SyncToolSpecification(tool.definition(), tool::call),
                        new McpStatelessServerFeatures.SyncToolSpecification(orderTool.definition(), orderTool::call))
                .build();

        ServletRegistration.Dynamic mcp = context.addServlet("mcp", transport);
        mcp.setAsyncSupported(true);
        mcp.setLoadOnStartup(1);
        mcp.addMapping(path);

        FilterRegistration.Dynamic guard = context.addFilter("mcpEndpointFilter", new McpEndpointFilter(
                new McpRequestChecks(settings.allowedOrigins()),
                new BearerChallenge(settings.mcpResource(), settings.stocksScope()),
                settings.stocksScope(), settings.mcpResource(), settings.maxRequestBytes()));
        guard.setAsyncSupported(true);
        guard.addMappingForServletNames(EnumSet.of(DispatcherType.REQUEST), false, "mcp");

        ServletRegistration.Dynamic metadata = context.addServlet("protectedResourceMetadata",
                new ProtectedResourceMetadataServlet(settings.mcpResource(), settings.asIssuer(),
                        settings.stocksScope(), settings.resourceName()));
        metadata.addMapping(BearerChallenge.WELL_KNOWN, BearerChallenge.WELL_KNOWN + settings.resourcePath());
        if (!settings.resourcePath().equals(path)) {
            metadata.addMapping(BearerChallenge.WELL_KNOWN + path);
        }
        LOG.info("MCP server (stateless Streamable HTTP) at " + path + " for resource " + settings.mcpResource());
    }

    /** The validated caller token, for the tool handler (never logged). */
    static McpTransportContext transportContext(jakarta.servlet.http.HttpServletRequest request) {
        Map<String, Object> values = new HashMap<>();
        if (request.getUserPrincipal() instanceof JsonWebToken jwt && jwt.getRawToken() != null) {
            values.put(FetchStockPricesTool.CONTEXT_ACCESS_TOKEN, jwt.getRawToken());
        }
        return McpTransportContext.create(values);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (server != null) {
            server.close();
        }
    }
}
