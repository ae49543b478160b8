package example.mcpauth.oauth;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * The error page of both WARs (web.xml {@code <error-page>} for every status and every exception):
 * whatever escaped the application's own handling becomes {@code {"code","message"}} JSON with the
 * status the container chose (500 for an exception), never Liberty's HTML page or a stack trace.
 * The exception's class is logged, not its message (it may quote request data).
 */
public class JsonErrorPage extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(JsonErrorPage.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        // the container's status wins: Liberty also sets an exception for a plain 404 (FileNotFoundException)
        int code = status instanceof Integer i && i >= 400 ? i : 500;
        if (exception instanceof Throwable t && code >= 500) {
            LOG.warning("request to " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) + " failed: "
                    + t.getClass().getName());
        }
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(code);
        AuthErrorResponse.writeJson(response, AuthErrorResponse.body(codeName(code), message(code)));
    }

    static String codeName(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "request_too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "http_" + status;
        };
    }

    static String message(int status) {
        return switch (status) {
            case 400 -> "The request could not be read.";
            case 404 -> "No such resource.";
            case 405 -> "This resource does not support that HTTP method.";
            case 413 -> "The request body is too large.";
            case 415 -> "The request's media type or content encoding is not supported: send uncompressed JSON.";
            default -> status >= 500 ? "The server failed to process the request; try again later."
                    : "The request was refused (HTTP " + status + ").";
        };
    }
}
