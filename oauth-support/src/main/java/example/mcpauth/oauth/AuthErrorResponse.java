package example.mcpauth.oauth;

import jakarta.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a refusal: the status, {@code WWW-Authenticate} (replacing Liberty's bare
 * {@code Bearer realm="MP-JWT"}), {@code Cache-Control: no-store} and the JSON body
 * {@code {"code": ..., "message": ...}} that every error of both WARs carries.
 * Headers set earlier by other filters (CORS) are kept.
 */
public final class AuthErrorResponse {

    private AuthErrorResponse() {
    }

    public static void send(HttpServletResponse response, BearerAuthorization.Refusal refusal) throws IOException {
        send(response, refusal.status(), refusal.challenge(), refusal.code(), refusal.message());
    }

    /** @param challenge the WWW-Authenticate value, or null for none */
    public static void send(HttpServletResponse response, int status, String challenge, String code, String message)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        if (challenge != null) {
            response.setHeader("WWW-Authenticate", challenge);
        }
        writeJson(response, body(code, message));
    }

    /** The JSON error body. */
    public static String body(String code, String message) {
        return Json.createObjectBuilder().add("code", code).add("message", message).build().toString();
    }

    static void writeJson(HttpServletResponse response, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
