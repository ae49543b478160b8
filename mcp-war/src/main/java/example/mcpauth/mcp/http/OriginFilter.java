package example.mcpauth.mcp.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Browser and DNS-rebinding protection of the MCP endpoint (MCP transport spec, "Security Warning"), and
 * its CORS answers:
 * <ul>
 * <li>Host: the public host of the resource identifier (MCP_RESOURCE, e.g. localhost:8000 behind the
 *     gateway) or one of MCP_ALLOWED_HOSTS (the loopback names of Liberty's own port); any other Host is
 *     a 403, so a page whose DNS name was rebound to 127.0.0.1 cannot talk to the server;</li>
 * <li>Origin: none (a non-browser client), the server's own public origin, or one of ALLOWED_ORIGINS; any
 *     other is a 403;</li>
 * <li>CORS: allowed origins get the CORS headers; a preflight (OPTIONS) is answered here.</li>
 * </ul>
 */
public class OriginFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    static final String ALLOW = "POST, OPTIONS";

    private final Set<String> allowedOrigins;
    private final Set<String> allowedHosts;

    public OriginFilter(String resource, List<String> allowedOrigins, List<String> allowedHosts) {
        URI uri = URI.create(resource);
        this.allowedOrigins = new LinkedHashSet<>(allowedOrigins);
        this.allowedOrigins.add(origin(uri));
        this.allowedHosts = new LinkedHashSet<>();
        this.allowedHosts.add(hostOf(uri));
        allowedHosts.forEach(h -> this.allowedHosts.add(h.toLowerCase(Locale.ROOT)));
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String host = host(request);
        if (!hostAllowed(host)) {
            JsonRpcError.of(403, JsonRpcError.SERVER_ERROR, "Host " + host + " is not served here: use the MCP server's URL "
                    + "(setting MCP_RESOURCE) or one of MCP_ALLOWED_HOSTS.").send(response);
            return;
        }
        String origin = request.getHeader("Origin");
        if (!originAllowed(origin)) {
            JsonRpcError.of(403, JsonRpcError.SERVER_ERROR, "Origin " + origin
                    + " is not allowed to use this MCP server. Use an allowed client origin (setting ALLOWED_ORIGINS).")
                    .send(response);
            return;
        }
        if (origin != null && !origin.isBlank()) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Vary", "Origin");
            response.setHeader("Access-Control-Expose-Headers", "WWW-Authenticate, Mcp-Session-Id, MCP-Protocol-Version");
        }
        if ("OPTIONS".equals(request.getMethod())) {
            response.setHeader("Access-Control-Allow-Methods", ALLOW);
            response.setHeader("Access-Control-Allow-Headers",
                    "Authorization, Content-Type, Accept, MCP-Protocol-Version, Mcp-Session-Id, Mcp-Method, Mcp-Name, Last-Event-ID");
            response.setHeader("Access-Control-Max-Age", "600");
            response.setHeader("Allow", ALLOW);
            response.setStatus(204);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Requests without an Origin (non-browser clients) are allowed; a browser origin must be listed exactly. */
    public boolean originAllowed(String origin) {
        return origin == null || origin.isBlank() || allowedOrigins.contains(origin.trim());
    }

    public boolean hostAllowed(String host) {
        return host != null && allowedHosts.contains(host.trim().toLowerCase(Locale.ROOT));
    }

    /** The Host header, or for HTTP/2 (no Host header) the :authority the container read. */
    static String host(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host != null) {
            return host;
        }
        int port = request.getServerPort();
        boolean defaultPort = port <= 0 || ("http".equals(request.getScheme()) && port == 80)
                || ("https".equals(request.getScheme()) && port == 443);
        return defaultPort ? request.getServerName() : request.getServerName() + ":" + port;
    }

    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** host:port as a client sends it in Host (the port left out when it is the scheme's default). */
    static String hostOf(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("http".equals(uri.getScheme()) && port == 80)
                || ("https".equals(uri.getScheme()) && port == 443);
        return defaultPort ? host : host + ":" + port;
    }
}
