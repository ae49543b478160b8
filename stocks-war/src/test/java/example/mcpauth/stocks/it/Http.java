package example.mcpauth.stocks.it;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Small HTTP client for the @RunAsClient tests. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Http() {
    }

    static HttpResponse<String> get(URI uri, String authorization) {
        return send(base(uri, authorization).GET().build());
    }

    static HttpResponse<String> postJson(URI uri, String authorization, String json) {
        return send(base(uri, authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("request to " + request.uri() + " failed", e);
        }
    }

    static HttpRequest.Builder base(URI uri, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static Map<String, Object> jsonObject(HttpResponse<String> response) {
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (Exception e) {
            throw new AssertionError("not a JSON object (HTTP " + response.statusCode() + "): " + response.body(), e);
        }
    }

    static List<Object> jsonArray(HttpResponse<String> response) {
        try {
            return JSONArrayUtils.parse(response.body());
        } catch (Exception e) {
            throw new AssertionError("not a JSON array (HTTP " + response.statusCode() + "): " + response.body(), e);
        }
    }

    static String wwwAuthenticate(HttpResponse<String> response) {
        List<String> values = response.headers().allValues("WWW-Authenticate");
        if (values.size() > 1) {
            throw new AssertionError("more than one WWW-Authenticate header: " + values);
        }
        return values.isEmpty() ? null : values.get(0);
    }
}
