package example.mcpauth.mcp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Every setting of the MCP server, read through MicroProfile Config (defaults in META-INF/microprofile-config.properties). */
@ApplicationScoped
public class McpSettings {

    @Inject @ConfigProperty(name = "mcp.path") String mcpPath;
    @Inject @ConfigProperty(name = "mcp.resource") String mcpResource;
    @Inject @ConfigProperty(name = "mcp.resource.name") String resourceName;
    @Inject @ConfigProperty(name = "as.issuer") String asIssuer;
    @Inject @ConfigProperty(name = "stocks.scope") String stocksScope;
    @Inject @ConfigProperty(name = "stocks.api.audience") String stocksApiAudience;
    @Inject @ConfigProperty(name = "mcp.server.client.id") String clientId;
    @Inject @ConfigProperty(name = "mcp.server.client.secret") String clientSecret;
    @Inject @ConfigProperty(name = "allowed.origins", defaultValue = "") String allowedOrigins;
    @Inject @ConfigProperty(name = "mcp.token.cache.size", defaultValue = "1000") int tokenCacheSize;
    @Inject @ConfigProperty(name = "mcp.token.cache.skew.seconds", defaultValue = "30") int tokenCacheSkewSeconds;
    @Inject @ConfigProperty(name = "mcp.max.request.bytes", defaultValue = "65536") int maxRequestBytes;

    public String mcpPath() { return mcpPath; }
    /** The MCP server's resource identifier: the only audience its tokens may carry. */
    public String mcpResource() { return mcpResource; }
    public String resourceName() { return resourceName; }
    public String asIssuer() { return asIssuer; }
    public String stocksScope() { return stocksScope; }
    public String stocksApiAudience() { return stocksApiAudience; }
    public String clientId() { return clientId; }
    public String clientSecret() { return clientSecret; }
    public List<String> allowedOrigins() {
        return Arrays.stream(allowedOrigins.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
    public int tokenCacheSize() { return tokenCacheSize; }
    public int tokenCacheSkewSeconds() { return tokenCacheSkewSeconds; }
    public int maxRequestBytes() { return maxRequestBytes; }

    /** The path of the resource identifier ("/mcp"): the suffix of its metadata URL (RFC 9728 section 3.1). */
    public String resourcePath() {
        String p = URI.create(mcpResource).getPath();
        return p == null || p.equals("/") ? "" : p;
    }
}
