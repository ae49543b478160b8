package example.mcpauth.e2e;

import example.mcpauth.testsupport.Http;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Raw Streamable HTTP requests to an MCP endpoint, for checks that need the status and headers. */
public final class McpHttp {

    public static final String VERSION = "2025-11-25";
    /** One client for the tests' raw requests (they send no cookies the stack sets). */
    public static final Http HTTP = new Http();

    private McpHttp() { }

    public static HttpResponse<String> post(String url, String bearer, String jsonRpc) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", VERSION)
                .POST(HttpRequest.BodyPublishers.ofString(jsonRpc));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return HTTP.send(b.build());
    }

    public static HttpResponse<String> initialize(String url, String bearer) throws Exception {
        return post(url, bearer, """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"%s","capabilities":{},"clientInfo":{"name":"e2e","version":"1"}}}"""
                .formatted(VERSION));
    }

    public static HttpResponse<String> callFetchStockPrices(String url, String bearer) throws Exception {
        return post(url, bearer, """
                {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"fetch-stock-prices","arguments":{}}}""");
    }

    /** The JSON-RPC message of a response, whether it came as JSON or as one SSE event. */
    public static String message(HttpResponse<String> r) {
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("text/event-stream")) return r.body();
        StringBuilder data = new StringBuilder();
        for (String line : r.body().split("\r?\n")) {
            if (line.startsWith("data:")) data.append(line.substring(5).trim());
        }
        return data.toString();
    }
}
