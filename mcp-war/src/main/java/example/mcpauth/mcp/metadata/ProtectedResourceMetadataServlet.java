package example.mcpauth.mcp.metadata;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 9728 OAuth 2.0 Protected Resource Metadata of the MCP server, public and CORS-enabled so that
 * browser-based MCP clients can read it. A token sent along (even a bad one) is ignored.
 */
public class ProtectedResourceMetadataServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private final byte[] document;

    public ProtectedResourceMetadataServlet(String resource, String issuer, String scope, String resourceName) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resource", resource);
        metadata.put("authorization_servers", List.of(issuer));
        metadata.put("scopes_supported", List.of(scope));
        metadata.put("resource_name", resourceName);
        metadata.put("bearer_methods_supported", List.of("header"));
        try {
            this.document = new ObjectMapper().writeValueAsBytes(metadata);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        prepare(resp);
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "public, max-age=300");
        resp.setContentLength(document.length);
        resp.getOutputStream().write(document);
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        prepare(resp);
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setContentLength(document.length);
    }

    @Override
    protected void doOptions(HttpServletRequest req, HttpServletResponse resp) {
        prepare(resp);
        resp.setHeader("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        resp.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, MCP-Protocol-Version");
        resp.setHeader("Access-Control-Max-Age", "600");
        resp.setHeader("Allow", "GET, HEAD, OPTIONS");
        resp.setStatus(204);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        notAllowed(resp);
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        notAllowed(resp);
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        notAllowed(resp);
    }

    private static void notAllowed(HttpServletResponse resp) throws IOException {
        prepare(resp);
        resp.setStatus(405);
        resp.setHeader("Allow", "GET, HEAD, OPTIONS");
        resp.setContentType("application/json");
        resp.getWriter().write("{\"code\":\"method_not_allowed\",\"message\":\"Read the metadata with GET.\"}");
    }

    /** Drops whatever the container set for a bad bearer token (401, its challenge) and adds CORS. */
    private static void prepare(HttpServletResponse resp) {
        if (!resp.isCommitted()) {
            resp.reset();
        }
        resp.setHeader("Access-Control-Allow-Origin", "*");
    }
}
