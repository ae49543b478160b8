package example.mcpauth.client.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small GET-JSON helper for metadata documents (no redirects followed: metadata must be where asked). */
public final class HttpJson {

    /** Result of a GET: status, body and, when the body is JSON, the parsed tree. */
    public record Result(URI url, int status, String body, JsonNode json, IOException networkError) {
        public boolean ok() {
            return networkError == null && status == 200 && json != null && json.isObject();
        }

        public String describe() {
            if (networkError != null) {
                return url + " -> " + networkError.getClass().getSimpleName() + ": " + networkError.getMessage();
            }
            return url + " -> HTTP " + status + (status == 200 && (json == null || !json.isObject()) ? " (not a JSON object)" : "");
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http;
    private final Duration timeout;

    public HttpJson(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Result get(URI url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json")
                    .header("MCP-Protocol-Version", "2025-11-25").GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = MAPPER.readTree(r.body());
            } catch (IOException notJson) {
                // leave json null
            }
            return new Result(url, r.statusCode(), r.body(), json, null);
        } catch (IOException e) {
            return new Result(url, -1, null, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(url, -1, null, null, new IOException("interrupted"));
        }
    }
}
