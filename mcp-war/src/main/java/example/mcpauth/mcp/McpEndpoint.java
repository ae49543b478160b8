package example.mcpauth.mcp;

import example.mcpauth.mcp.http.ProtocolEra;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The one MCP endpoint (MCP_PATH) over the SDK's two servlet transports: a request of the 2026-07-28 era
 * goes to the modern {@code HttpServletMcpTransport}, any other to the initialize-era
 * {@code HttpServletStatelessServerTransport} ({@link ProtocolEra} decides). The filters in {@code http/}
 * run in front of it for both.
 */
final class McpEndpoint extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final HttpServlet classic;
    private final HttpServlet modern;

    McpEndpoint(HttpServlet classic, HttpServlet modern) {
        this.classic = classic;
        this.modern = modern;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        classic.init(config);
        modern.init(config);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Servlet transport = ProtocolEra.of(request) == ProtocolEra.MODERN ? modern : classic;
        transport.service((ServletRequest) request, (ServletResponse) response);
    }

    @Override
    public void destroy() {
        modern.destroy();
        classic.destroy();
        super.destroy();
    }
}
