package example.mcpauth.stocks.it.probe;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Stand-in for mcp-war in the audience test: a second application in the same Liberty server with
 * its own MP JWT audience. Answers 200 with the token's audience when mpJwt accepted the token for
 * this application, 401 otherwise.
 */
@WebServlet("/whoami")
public class WhoAmIServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getUserPrincipal() instanceof JsonWebToken jwt) {
            resp.reset();
            resp.setStatus(200);
            resp.setContentType("text/plain");
            resp.getWriter().write(String.join(",", jwt.getAudience()));
        } else {
            resp.reset();
            resp.setStatus(401);
            resp.setContentType("text/plain");
            resp.getWriter().write("rejected");
        }
    }
}
