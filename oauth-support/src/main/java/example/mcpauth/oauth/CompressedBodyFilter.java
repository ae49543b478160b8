package example.mcpauth.oauth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * No compressed request bodies, in both WARs, before anything else looks at the request: a
 * {@code Content-Encoding} other than {@code identity} is a 415 with a JSON body, and the connection is
 * closed ({@code Connection: close}). Liberty, refusing such a request without reading its body (a 401
 * for a missing token, say), closed the connection without saying so, and the gateway's next request on
 * that pooled connection failed with a 502 for another caller.
 */
public class CompressedBodyFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String encoding = request.getHeader("Content-Encoding");
        if (isEncoded(encoding)) {
            response.setHeader("Connection", "close");
            AuthErrorResponse.send(response, 415, null, "unsupported_content_encoding", "Content-Encoding " + encoding
                    + " is not accepted: send the request body uncompressed.");
            return;
        }
        chain.doFilter(request, response);
    }

    /** True for any Content-Encoding but none or identity. */
    public static boolean isEncoded(String contentEncoding) {
        return contentEncoding != null && !contentEncoding.isBlank() && !"identity".equalsIgnoreCase(contentEncoding.trim());
    }
}
