package example.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MCP 2026-07-28 on the wire, beside the initialize-based versions, and the per-tool scopes in both eras:
 * {@code server/discover}, stateless {@code tools/list} / {@code tools/call} without {@code initialize},
 * the {@code Mcp-Method} / {@code Mcp-Name} / {@code MCP-Protocol-Version} checks (-32020), unknown methods
 * (404, -32601), unsupported versions (-32022), caching hints, the ids of every error, the scopes in
 * tools/list, the step-up challenge and "scope is necessary, not sufficient".
 */
class McpProtocol2026IT extends McpOverHttp {

    static final String MODERN = "2026-07-28";
    static final String SCOPES_KEY = "example.mcpauth/scopes";
    static final String TRADE_CHALLENGE = "Bearer resource_metadata=\"" + PRM_URL + "\", error=\"insufficient_scope\", "
            + "error_description=\"The access token lacks a required scope\", scope=\"stocks/read stocks/trade\"";

    enum Era { CLASSIC_2025_11_25, MODERN_2026_07_28 }

    // ---- helpers -------------------------------------------------------------------------------------

    static String readOnly() {
        return FakeAuthorizationServer.userToken("john.doe@demo.example", "USA");
    }

    static String trader() {
        return FakeAuthorizationServer.sign(FakeAuthorizationServer.userClaims("john.doe@demo.example", "USA")
                .claim("scope", "stocks/read stocks/trade").build(), FakeAuthorizationServer.KEY);
    }

    static ObjectNode meta(String version) {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("io.modelcontextprotocol/protocolVersion", version);
        meta.putObject("io.modelcontextprotocol/clientCapabilities");
        meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "it").put("version", "1");
        return meta;
    }

    /** A 2026-07-28 request: _meta in the params, the headers that mirror the body. */
    static String modernBody(Object id, String method, ObjectNode params) {
        ObjectNode body = JSON.createObjectNode().put("jsonrpc", "2.0");
        body.set("id", JSON.valueToTree(id));
        body.put("method", method);
        ObjectNode p = params == null ? JSON.createObjectNode() : params;
        if (!p.has("_meta")) {
            p.set("_meta", meta(MODERN));
        }
        body.set("params", p);
        return body.toString();
    }

    static ObjectNode callParams(String tool, Map<String, Object> arguments) {
        ObjectNode p = JSON.createObjectNode().put("name", tool);
        p.set("arguments", JSON.valueToTree(arguments));
        return p;
    }

    static Map<String, String> headers(String method, String name) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("MCP-Protocol-Version", MODERN);
        h.put("Mcp-Method", method);
        if (name != null) {
            h.put("Mcp-Name", name);
        }
        return h;
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return JSON.readTree(r.body());
    }

    /** A JSON-RPC error with this HTTP status and code that echoes {@code id}. */
    static JsonNode assertError(HttpResponse<String> r, int status, int code, Object id) throws Exception {
        JsonNode n = json(r);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(n.path("error").path("code").asInt()).as(r.body()).isEqualTo(code);
        assertThat(n.path("error").path("message").asText()).isNotBlank();
        if (id == null) {
            // refused before the body was read (Origin) or parsed (not JSON): JSON-RPC says id null
            assertThat(n.get("id").isNull()).as(r.body()).isTrue();
        } else {
            assertThat(n.get("id")).as("the request's id is echoed: " + r.body()).isEqualTo(JSON.valueToTree(id));
        }
        return n;
    }

    /** tools/call in either era: 2025-11-25 (no initialize needed by the stateless server) or 2026-07-28. */
    static HttpResponse<String> callTool(Era era, String token, String tool, Map<String, Object> arguments) throws Exception {
        if (era == Era.MODERN_2026_07_28) {
            return post(modernBody(41, "tools/call", callParams(tool, arguments)), token, headers("tools/call", tool));
        }
        ObjectNode body = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 41).put("method", "tools/call");
        body.set("params", callParams(tool, arguments));
        return post(body.toString(), token, Map.of("MCP-Protocol-Version", "2025-11-25"));
    }

    // ---- 2026-07-28 ------------------------------------------------------------------------------------

    @Test
    void serverDiscover() throws Exception {
        HttpResponse<String> r = post(modernBody("d-1", "server/discover", null), readOnly(), headers("server/discover", null));
        JsonNode n = json(r);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(n.path("id").asText()).isEqualTo("d-1");
        JsonNode result = n.path("result");
        assertThat(result.path("supportedVersions")).extracting(JsonNode::asText).contains(MODERN);
        assertThat(result.path("capabilities").has("tools")).isTrue();
        assertThat(result.path("_meta").path("io.modelcontextprotocol/serverInfo").path("name").asText()).isEqualTo("stocks-mcp-server");
        assertThat(result.path("cacheScope").asText()).isEqualTo("private");
        assertThat(result.path("ttlMs").asLong()).isEqualTo(300_000L);
        assertThat(r.headers().firstValue("Mcp-Session-Id")).isEmpty();
    }

    @Test
    void statelessToolsListShowsEachToolsScopesAndPrivateCachingHints() throws Exception {
        HttpResponse<String> r = post(modernBody(2, "tools/list", null), readOnly(), headers("tools/list", null));
        JsonNode result = json(r).path("result");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(result.path("cacheScope").asText()).as("a per-user list is never shared by a cache").isEqualTo("private");
        assertThat(result.path("ttlMs").asLong()).isEqualTo(300_000L);
        Map<String, List<String>> scopes = new LinkedHashMap<>();
        result.path("tools").forEach(t -> scopes.put(t.path("name").asText(),
                JSON.convertValue(t.path("_meta").path(SCOPES_KEY), JSON.getTypeFactory().constructCollectionType(List.class, String.class))));
        assertThat(scopes).containsExactly(Map.entry("fetch-stock-prices", List.of("stocks/read")),
                Map.entry("place-stock-order", List.of("stocks/read", "stocks/trade")));
        assertThat(r.headers().firstValue("Mcp-Session-Id")).isEmpty();
    }

    @Test
    void statelessToolsCallWithoutInitialize() throws Exception {
        HttpResponse<String> r = callTool(Era.MODERN_2026_07_28, readOnly(), "fetch-stock-prices", Map.of());
        JsonNode n = json(r);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(n.path("id").asInt()).isEqualTo(41);
        JsonNode result = n.path("result");
        assertThat(result.path("isError").asBoolean()).isFalse();
        assertThat(result.path("resultType").asText()).isEqualTo("complete");
        assertThat(result.path("structuredContent").path("stocks")).extracting(s -> s.path("symbol").asText())
                .containsExactlyInAnyOrder("COM1", "COM4", "COM5");
        assertThat(result.path("content").get(0).path("text").asText()).contains("COM1");
    }

    @Test
    void toolsListAtTheOlderVersionsShowsTheScopesToo() throws Exception {
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}", readOnly(),
                Map.of("MCP-Protocol-Version", "2025-11-25"));
        JsonNode tools = json(r).path("result").path("tools");
        assertThat(tools).hasSize(2);
        tools.forEach(t -> assertThat(t.path("_meta").path(SCOPES_KEY).get(0).asText()).isEqualTo("stocks/read"));
        assertThat(json(r).path("result").has("cacheScope")).as("2025-11-25 has no caching hints").isFalse();
    }

    @Test
    void headersThatDisagreeWithTheBodyAre32020() throws Exception {
        String call = modernBody(5, "tools/call", callParams("fetch-stock-prices", Map.of()));
        assertError(post(call, readOnly(), headers("tools/list", null)), 400, -32020, 5);
        assertError(post(call, readOnly(), headers("tools/call", "place-stock-order")), 400, -32020, 5);
        assertError(post(call, readOnly(), headers("tools/call", null)), 400, -32020, 5);
        Map<String, String> noMethod = headers("tools/call", "fetch-stock-prices");
        noMethod.remove("Mcp-Method");
        assertError(post(call, readOnly(), noMethod), 400, -32020, 5);
        Map<String, String> otherVersion = headers("tools/call", "fetch-stock-prices");
        otherVersion.put("MCP-Protocol-Version", "2025-11-25");
        assertError(post(call, readOnly(), otherVersion), 400, -32020, 5);
        Map<String, String> badBase64 = headers("tools/call", "=?base64?%%%?=");
        assertError(post(call, readOnly(), badBase64), 400, -32020, 5);
    }

    @Test
    void mcpNameInItsBase64Form() throws Exception {
        String encoded = "=?base64?" + Base64.getEncoder().encodeToString("fetch-stock-prices".getBytes(StandardCharsets.UTF_8)) + "?=";
        HttpResponse<String> ok = post(modernBody(6, "tools/call", callParams("fetch-stock-prices", Map.of())), readOnly(),
                headers("tools/call", encoded));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(json(ok).path("result").path("isError").asBoolean()).isFalse();
        // a non-ASCII name travels only in the base64 form; this one names no tool of the server
        String nonAscii = "prix-des-actions-\u00e9\u20ac";
        String nonAsciiHeader = "=?base64?" + Base64.getEncoder().encodeToString(nonAscii.getBytes(StandardCharsets.UTF_8)) + "?=";
        HttpResponse<String> unknown = post(modernBody(7, "tools/call", callParams(nonAscii, Map.of())), readOnly(),
                headers("tools/call", nonAsciiHeader));
        JsonNode n = assertError(unknown, 400, -32602, 7);
        assertThat(n.path("error").path("message").asText()).contains("Unknown tool");
    }

    @Test
    void unknownAndRemovedMethodsAre404And32601() throws Exception {
        assertError(post(modernBody("u-1", "no/such", null), readOnly(), headers("no/such", null)), 404, -32601, "u-1");
        for (String removed : List.of("initialize", "ping", "logging/setLevel")) {
            assertError(post(modernBody(8, removed, null), readOnly(), headers(removed, null)), 404, -32601, 8);
        }
    }

    @Test
    void unsupportedVersionIs32022WithTheSupportedOnes() throws Exception {
        ObjectNode params = JSON.createObjectNode();
        params.set("_meta", meta("2099-01-01"));
        Map<String, String> h = headers("tools/list", null);
        h.put("MCP-Protocol-Version", "2099-01-01");
        JsonNode n = assertError(post(modernBody(9, "tools/list", params), readOnly(), h), 400, -32022, 9);
        assertThat(n.path("error").path("data").path("supported")).extracting(JsonNode::asText).contains(MODERN);
        assertThat(n.path("error").path("data").path("requested").asText()).isEqualTo("2099-01-01");
    }

    @Test
    void malformedToolCallParamsAre400At2026() throws Exception {
        ObjectNode params = JSON.createObjectNode().put("name", "fetch-stock-prices").put("arguments", "oops");
        assertError(post(modernBody(14, "tools/call", params), readOnly(), headers("tools/call", "fetch-stock-prices")), 400, -32602, 14);
    }

    @Test
    void aRequestWithoutItsMetaIsInvalidParams() throws Exception {
        ObjectNode params = JSON.createObjectNode();
        ObjectNode meta = JSON.createObjectNode().put("io.modelcontextprotocol/protocolVersion", MODERN);
        params.set("_meta", meta); // no clientCapabilities
        assertError(post(modernBody(10, "tools/list", params), readOnly(), headers("tools/list", null)), 400, -32602, 10);
    }

    @Test
    void theFiltersGuardBothEras() throws Exception {
        HttpResponse<String> noToken = post(modernBody(11, "tools/list", null), null, headers("tools/list", null));
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("WWW-Authenticate").orElse(""))
                .isEqualTo("Bearer resource_metadata=\"" + PRM_URL + "\", scope=\"stocks/read\"");
        Map<String, String> foreign = headers("tools/list", null);
        foreign.put("Origin", "https://evil.example");
        assertError(post(modernBody(12, "tools/list", null), readOnly(), foreign), 403, -32000, null);
        HttpResponse<String> trailing = post(modernBody(13, "tools/list", null) + " {}", readOnly(), headers("tools/list", null));
        assertError(trailing, 400, -32700, null);
    }

    @Test
    void theSdksOwnErrorsEchoTheId() throws Exception {
        // the initialize-era SDK servlet answers a wrong Accept header itself: its error carries the id too
        HttpRequest request = HttpRequest.newBuilder(URI.create(MCP)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", "Bearer " + readOnly())
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":\"acc-1\",\"method\":\"tools/list\"}")).build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode n = json(r);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(n.path("id").asText()).isEqualTo("acc-1");
        assertThat(n.path("error").path("code").isInt()).isTrue();
    }

    @Test
    void initializeStillNegotiatesTheOlderVersions() throws Exception {
        // the SDK's stateless server speaks 2025-03-26 .. 2025-11-25; for 2024-11-05 (HTTP+SSE era, no
        // stateless transport) it answers with its latest, as initialize's negotiation says
        Map<String, String> negotiated = Map.of("2024-11-05", "2025-11-25", "2025-03-26", "2025-03-26",
                "2025-06-18", "2025-06-18", "2025-11-25", "2025-11-25");
        for (Map.Entry<String, String> v : negotiated.entrySet()) {
            HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                    + v.getKey() + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}", readOnly(), Map.of());
            assertThat(json(r).path("result").path("protocolVersion").asText()).as(r.body()).isEqualTo(v.getValue());
        }
    }

    // ---- per-tool scopes, both eras ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Era.class)
    void placingAnOrderWithReadOnlyIsAStepUpChallengeNamingEveryScope(Era era) throws Exception {
        int exchangesBefore = FakeAuthorizationServer.exchangeCalls.get();
        HttpResponse<String> r = callTool(era, readOnly(), "place-stock-order", Map.of("symbol", "COM1", "quantity", 1));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly(TRADE_CHALLENGE);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).doesNotContain("offline_access");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("code").asText()).isEqualTo("insufficient_scope");
        assertThat(body.path("message").asText()).contains("stocks/read stocks/trade");
        assertThat(FakeAuthorizationServer.exchangeCalls.get()).as("refused before any exchange").isEqualTo(exchangesBefore);
        // the read-only token still calls the read-only tool
        HttpResponse<String> read = callTool(era, readOnly(), "fetch-stock-prices", Map.of());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(json(read).path("result").path("isError").asBoolean()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Era.class)
    void withBothScopesTheOrderReachesTheApiWhichStillRefusesAssuranceOne(Era era) throws Exception {
        FakeAuthorizationServer.exchangeScopes.clear();
        HttpResponse<String> r = callTool(era, trader(), "place-stock-order", Map.of("symbol", "COM1", "quantity", 1));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = json(r).path("result");
        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(result.path("content").get(0).path("text").asText())
                .contains("403").contains("client assurance level 2").contains("this AI client has 1");
        // the exchange asked for exactly the tool's scopes, so the API token carried stocks/trade
        assertThat(FakeAuthorizationServer.exchangeScopes).containsExactly("stocks/read stocks/trade");
        assertThat(FakeAuthorizationServer.exchangeRejections).isEmpty();
    }
}
