package example.mcpauth.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import example.mcpauth.gateway.support.GatewayFixture;
import example.mcpauth.gateway.support.Secrets;
import example.mcpauth.gateway.support.TestUpstream;
import example.mcpauth.oauth.AuthErrorResponse;
import example.mcpauth.oauth.BearerAuthorization;
import example.mcpauth.oauth.ResourceMetadataUrl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static example.mcpauth.gateway.support.IntrospectionServer.jsonActive;
import static example.mcpauth.gateway.support.GatewayFixture.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 at the gateway: the Lua core answers a tools/call whose token lacks the tool's scopes
 * (MCP_TOOL_SCOPES, read from the MCP 2026-07-28 headers Mcp-Method / Mcp-Name) with the MCP
 * server's own 403 challenge, refuses headers that disagree with the body (400 -32020), and lets
 * everything else through to the MCP server. Real nginx; the upstream records what reaches it.
 * Whether a request reached the upstream is proven without waiting: after each refused request a
 * marker request follows, and the upstream's next recorded request must be the marker.
 */
@Order(4)
class ToolScopeTest {
    @RegisterExtension
    static final GatewayFixture gw = new GatewayFixture("tool-scopes", 43100, Map.of("GATEWAY_TOKEN_CACHE_SECONDS", "900")); // admin server on 43109
    static String readToken;
    static String tradeToken;
    static String readJwt;
    static String tradeJwt;

    @BeforeAll
    static void tokens() {
        long exp = System.currentTimeMillis() / 1000 + 600;
        readToken = Secrets.opaqueToken();
        readJwt = jwt("stocks/read", exp);
        gw.introspection().answer(readToken, jsonActive(readJwt, exp));
        tradeToken = Secrets.opaqueToken();
        tradeJwt = jwt("stocks/read stocks/trade", exp);
        gw.introspection().answer(tradeToken, jsonActive(tradeJwt, exp));
    }

    @BeforeEach
    void reset() {
        gw.upstream().clear();
    }

    static String jwt(String scope, long exp) {
        return Secrets.jwt("{\"iss\":\"http://localhost:18180/realms/mcp-demo\",\"sub\":\"john\",\"azp\":\"mcp-client\","
                + "\"aud\":\"" + gw.settings().get("MCP_RESOURCE") + "\",\"scope\":\"" + scope + "\",\"exp\":" + exp + "}");
    }

    static String toolCall(Object id, String tool) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}";
    }

    /** POST /mcp with the token, the body and the MCP headers given (name null = no such header). */
    static HttpResponse<String> post(String path, String token, String body, String... headers) throws Exception {
        HttpRequest.Builder b = gw.request(path)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return GatewayFixture.send(b);
    }

    static HttpResponse<String> call(String token, String tool, String headerName) throws Exception {
        return post("/mcp", token, toolCall(7, tool), "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "tools/call", "Mcp-Name", headerName);
    }

    /** The request refused before: nothing of it reached the upstream (the next thing there is the marker). */
    static void assertUpstreamNotCalled() throws Exception {
        assertThat(gw.bearer("/api/marker", readToken).statusCode()).isEqualTo(200);
        assertThat(gw.upstream().next().path()).as("the first request reaching the upstream is the marker").isEqualTo("/api/marker");
    }

    static void assertReachedUpstreamWith(String jwt) throws Exception {
        TestUpstream.Received r = gw.upstream().next();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/mcp");
        assertThat(r.authorization()).containsExactly("Bearer " + jwt);
    }

    @Test
    void aToolCallWithoutTheToolsScopesGetsTheMcpServersOwnChallenge() throws Exception {
        HttpResponse<String> res = call(readToken, "place-stock-order", "place-stock-order");

        // exactly what the MCP server (ToolScopeFilter over oauth-support) answers
        BearerAuthorization.Refusal expected = new BearerAuthorization(null,
                ResourceMetadataUrl.of(gw.settings().get("MCP_RESOURCE")), "this MCP server").insufficientScope("stocks/read stocks/trade");
        assertThat(res.statusCode()).isEqualTo(403);
        assertThat(res.headers().allValues("WWW-Authenticate")).containsExactly(expected.challenge());
        assertThat(expected.challenge()).isEqualTo("Bearer resource_metadata=\""
                + gw.settings().get("MCP_RESOURCE").replace("/mcp", "/.well-known/oauth-protected-resource/mcp")
                + "\", error=\"insufficient_scope\", error_description=\"The access token lacks a required scope\","
                + " scope=\"stocks/read stocks/trade\"");
        assertThat(res.body()).isEqualTo(AuthErrorResponse.body(expected.code(), expected.message()));
        assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(res.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertUpstreamNotCalled();

        // the second time the token comes from the cache: the same answer
        HttpResponse<String> again = call(readToken, "place-stock-order", "place-stock-order");
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.headers().allValues("WWW-Authenticate")).containsExactly(expected.challenge());
        assertUpstreamNotCalled();
    }

    @Test
    void aBase64McpNameIsDecodedBeforeTheScopeDecision() throws Exception {
        String encoded = "=?base64?" + Base64.getEncoder().encodeToString("place-stock-order".getBytes(StandardCharsets.UTF_8)) + "?=";
        HttpResponse<String> res = call(readToken, "place-stock-order", encoded);
        assertThat(res.statusCode()).isEqualTo(403);
        assertThat(res.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("scope=\"stocks/read stocks/trade\"");
        assertUpstreamNotCalled();

        HttpResponse<String> ok = call(tradeToken, "place-stock-order", encoded);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertReachedUpstreamWith(tradeJwt);
    }

    @Test
    void aTokenWithEveryScopeOfTheToolPasses() throws Exception {
        assertThat(call(tradeToken, "place-stock-order", "place-stock-order").statusCode()).isEqualTo(200);
        assertReachedUpstreamWith(tradeJwt);
        assertThat(call(readToken, "fetch-stock-prices", "fetch-stock-prices").statusCode()).isEqualTo(200);
        assertReachedUpstreamWith(readJwt);
    }

    @Test
    void anUnknownToolPassesToTheMcpServer() throws Exception {
        assertThat(call(readToken, "no-such-tool", "no-such-tool").statusCode()).isEqualTo(200);
        assertReachedUpstreamWith(readJwt);
    }

    @Test
    void withoutTheMcpHeadersTheMcpServerDecidesAlone() throws Exception {
        // an initialize-era request (2025-11-25) carries no Mcp-Method / Mcp-Name
        HttpResponse<String> res = post("/mcp", readToken, toolCall(7, "place-stock-order"),
                "MCP-Protocol-Version", "2025-11-25", "Mcp-Session-Id", "session-1");
        assertThat(res.statusCode()).isEqualTo(200);
        assertReachedUpstreamWith(readJwt);
    }

    @Test
    void aTrailingSlashIsNoWayAroundTheRule() throws Exception {
        HttpResponse<String> res = post("/mcp/", readToken, toolCall(7, "place-stock-order"),
                "Mcp-Method", "tools/call", "Mcp-Name", "place-stock-order");
        assertThat(res.statusCode()).isEqualTo(403);
        assertUpstreamNotCalled();
    }

    @Test
    void theRuleIsOnlyOnTheMcpEndpoint() throws Exception {
        HttpResponse<String> res = post("/api/orders", readToken, toolCall(7, "place-stock-order"),
                "Mcp-Method", "tools/call", "Mcp-Name", "place-stock-order");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(gw.upstream().next().path()).isEqualTo("/api/orders");
    }

    @Test
    void headersThatDisagreeWithTheBodyAreRefusedWithMinus32020() throws Exception {
        record Case(String body, Object id, String message, String[] headers) {}
        String readCall = toolCall("\"call-1\"", "fetch-stock-prices");
        Map<String, Case> cases = new LinkedHashMap<>();
        // the headers' tool needs less than the body's: must never pass with the headers' scopes
        cases.put("name", new Case(toolCall(7, "place-stock-order"), 7, "Mcp-Name header does not match request name/uri",
                new String[] {"Mcp-Method", "tools/call", "Mcp-Name", "fetch-stock-prices"}));
        cases.put("base64 name", new Case(toolCall(8, "place-stock-order"), 8, "Mcp-Name header does not match request name/uri",
                new String[] {"Mcp-Method", "tools/call", "Mcp-Name",
                        "=?base64?" + Base64.getEncoder().encodeToString("fetch-stock-prices".getBytes(StandardCharsets.UTF_8)) + "?="}));
        cases.put("method", new Case(toolCall(9, "place-stock-order"), 9, "Mcp-Method header does not match request method",
                new String[] {"Mcp-Method", "tools/list"}));
        cases.put("no name", new Case(toolCall(10, "place-stock-order"), 10, "Missing required header: Mcp-Name",
                new String[] {"Mcp-Method", "tools/call"}));
        cases.put("bad base64", new Case(readCall, "call-1", "Mcp-Name header has a malformed value",
                new String[] {"Mcp-Method", "tools/call", "Mcp-Name", "=?base64?not*base64?="}));
        cases.put("two names", new Case(readCall, "call-1", "Mcp-Name header has more than one value",
                new String[] {"Mcp-Method", "tools/call", "Mcp-Name", "fetch-stock-prices", "Mcp-Name", "fetch-stock-prices"}));
        cases.put("two methods", new Case(readCall, "call-1", "Mcp-Method header has more than one value",
                new String[] {"Mcp-Method", "tools/call", "Mcp-Method", "tools/call", "Mcp-Name", "fetch-stock-prices"}));
        for (Map.Entry<String, Case> e : cases.entrySet()) {
            Case c = e.getValue();
            HttpResponse<String> res = post("/mcp", tradeToken, c.body(), c.headers());
            assertThat(res.statusCode()).as(e.getKey()).isEqualTo(400);
            JsonNode body = JSON.readTree(res.body());
            assertThat(body.path("jsonrpc").asText()).as(e.getKey()).isEqualTo("2.0");
            assertThat(JSON.convertValue(body.path("id"), Object.class)).as(e.getKey()).isEqualTo(c.id());
            assertThat(body.path("error").path("code").asInt()).as(e.getKey()).isEqualTo(-32020);
            assertThat(body.path("error").path("message").asText()).as(e.getKey()).isEqualTo(c.message());
            assertUpstreamNotCalled();
        }
    }

    @Test
    void aBodyTheGatewayCannotReadGoesToTheMcpServerWhichRefusesIt() throws Exception {
        // not JSON: no tool can run; the MCP server answers it (-32700) like any other
        HttpResponse<String> res = post("/mcp", readToken, "{not json", "Mcp-Method", "tools/call", "Mcp-Name", "place-stock-order");
        assertThat(res.statusCode()).isEqualTo(200); // the test upstream accepts everything with a token
        assertReachedUpstreamWith(readJwt);
    }

    @Test
    void theAccessLogNamesTheRefusals() throws Exception {
        call(readToken, "place-stock-order", "place-stock-order");
        post("/mcp", tradeToken, toolCall(7, "place-stock-order"), "Mcp-Method", "tools/list");
        // one nginx worker (GATEWAY_WORKER_PROCESSES=1) writes a request's log line when it finalizes it,
        // before it reads the next request: after the marker's answer both lines are there
        assertUpstreamNotCalled();
        String log = java.nio.file.Files.readString(gw.gateway().accessLog());
        assertThat(log).contains("phantom_token=insufficient_scope").contains("phantom_token=mcp_header_mismatch");
    }
}
