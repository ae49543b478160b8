package example.mcpauth.bench.ceiling;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The bare ceiling: POST (or GET) /bench-ceiling/call makes one loopback call to this server's
 * {@link CeilingApi} and answers its bytes. It is what the MCP server's tool call does, minus the
 * gateway, the MCP SDK, the JWT checks and the token exchange: the least a Java servlet on this
 * server can do for one upstream call. The client is the JDK's (keep-alive pool without a limit).
 */
@WebServlet(urlPatterns = "/call", asyncSupported = false)
public class CeilingServlet extends HttpServlet {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private volatile URI target;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        call(req, resp);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        req.getInputStream().readAllBytes();   // like the MCP endpoint, read the request body
        call(req, resp);
    }

    private void call(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        URI uri = target;
        if (uri == null) {
            String host = req.getLocalAddr().contains(":") ? "[" + req.getLocalAddr() + "]" : req.getLocalAddr();
            uri = target = URI.create("http://" + host + ":" + req.getLocalPort() + req.getContextPath() + "/api/stocks");
        }
        HttpResponse<byte[]> upstream;
        try {
            upstream = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            resp.sendError(503);
            return;
        }
        resp.setStatus(upstream.statusCode());
        resp.setContentType("application/json");
        resp.setContentLength(upstream.body().length);
        resp.getOutputStream().write(upstream.body());
    }
}
