package example.mcpauth.mcp;

import example.mcpauth.mcp.tools.ToolScopes;
import example.mcpauth.oauth.ResourceMetadataUrl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every setting of the MCP server, read through MicroProfile Config from the environment. The defaults
 * and one description of each are in config/stack.env (MCP_RESOURCE -> mcp.resource, ...).
 */
@ApplicationScoped
public class McpSettings {

    @Inject @ConfigProperty(name = "mcp.path") String mcpPath;
    @Inject @ConfigProperty(name = "mcp.resource") String mcpResource;
    @Inject @ConfigProperty(name = "mcp.resource.name") String resourceName;
    @Inject @ConfigProperty(name = "as.issuer") String asIssuer;
    @Inject @ConfigProperty(name = "stocks.scope") String stocksScope;
    @Inject @ConfigProperty(name = "stocks.api.audience") String stocksApiAudience;
    @Inject @ConfigProperty(name = "stocks.max.order.quantity") int maxOrderQuantity;
    @Inject @ConfigProperty(name = "mcp.server.client.id") String clientId;
    @Inject @ConfigProperty(name = "mcp.server.client.secret") String clientSecret;
    @Inject @ConfigProperty(name = "allowed.origins", defaultValue = "") String allowedOrigins;
    @Inject @ConfigProperty(name = "mcp.allowed.hosts", defaultValue = "") String allowedHosts;
    @Inject @ConfigProperty(name = "mcp.token.cache.size") int tokenCacheSize;
    @Inject @ConfigProperty(name = "mcp.token.cache.skew.seconds") int tokenCacheSkewSeconds;
    @Inject @ConfigProperty(name = "mcp.max.request.bytes") int maxRequestBytes;
    @Inject @ConfigProperty(name = "mcp.tool.scopes") String toolScopes;
    @Inject @ConfigProperty(name = "mcp.list.ttl.ms") long listTtlMs;

    private volatile ToolScopes parsedToolScopes;

    public String mcpPath() { return mcpPath; }
    /** The MCP server's resource identifier: the only audience its tokens may carry. */
    public String mcpResource() { return mcpResource; }
    public String resourceName() { return resourceName; }
    public String asIssuer() { return asIssuer; }
    public String stocksScope() { return stocksScope; }
    public String stocksApiAudience() { return stocksApiAudience; }
    public int maxOrderQuantity() { return maxOrderQuantity; }
    public String clientId() { return clientId; }
    public String clientSecret() { return clientSecret; }
    /** Browser origins besides the server's own public origin (ALLOWED_ORIGINS). */
    public List<String> allowedOrigins() { return list(allowedOrigins); }
    /** Host header values besides the public host of MCP_RESOURCE (MCP_ALLOWED_HOSTS). */
    public List<String> allowedHosts() { return list(allowedHosts); }
    public int tokenCacheSize() { return tokenCacheSize; }
    public int tokenCacheSkewSeconds() { return tokenCacheSkewSeconds; }
    public int maxRequestBytes() { return maxRequestBytes; }
    /** ttlMs of server/discover and tools/list results at 2026-07-28 (MCP_LIST_TTL_MS). */
    public long listTtlMs() { return listTtlMs; }

    /** The per-tool scopes (MCP_TOOL_SCOPES over STOCKS_SCOPE), parsed once. */
    public ToolScopes toolScopes() {
        ToolScopes scopes = parsedToolScopes;
        if (scopes == null) {
            scopes = ToolScopes.parse(toolScopes, stocksScope);
            parsedToolScopes = scopes;
        }
        return scopes;
    }

    /** The path of the resource identifier ("/mcp"): the suffix of its metadata URL (RFC 9728 section 3.1). */
    public String resourcePath() {
        return ResourceMetadataUrl.pathOf(mcpResource);
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
