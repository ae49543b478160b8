package example.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTP tests against mcp-war in a managed Liberty: challenges, metadata, hygiene and the MCP flow. */
class McpHttpIT extends McpOverHttp {

    static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

    // ---- helpers -------------------------------------------------------------------------------------

    static String usa() {
        return FakeAuthorizationServer.userToken("john.doe@demo.example", "USA");
    }

    static String europe() {
        return FakeAuthorizationServer.userToken("jane.test@demo.example", "Europe");
    }

    static JWTClaimsSet.Builder claims() {
        return FakeAuthorizationServer.userClaims("john.doe@demo.example", "USA");
    }

    static String signed(JWTClaimsSet claims) {
        return FakeAuthorizationServer.sign(claims, FakeAuthorizationServer.KEY);
    }

    static void assertChallenge(HttpResponse<String> r, int status, String error) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        List<String> challenges = r.headers().allValues("WWW-Authenticate");
        assertThat(challenges).hasSize(1);
        String c = challenges.get(0);
        assertThat(c).startsWith("Bearer ").doesNotContain("realm=").doesNotContain("MP-JWT")
                .contains("resource_metadata=\"" + PRM_URL + "\"").contains("scope=\"stocks/read\"");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("message").asText()).isNotBlank();
        if (error == null) {
            assertThat(c).doesNotContain("error=");
            assertThat(body.path("code").asText()).isEqualTo("missing_token");
        } else {
            assertThat(c).contains("error=\"" + error + "\"").contains("error_description=\"");
            assertThat(body.path("code").asText()).isEqualTo(error);
        }
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at ");
    }

    // ---- the bad-token matrix --------------------------------------------------------------------------

    @Test
    void noToken() throws Exception {
        assertChallenge(post(INIT, null, Map.of()), 401, null);
    }

    @Test
    void garbageToken() throws Exception {
        assertChallenge(post(INIT, "not-a-jwt", Map.of()), 401, "invalid_token");
    }

    @Test
    void expiredToken() throws Exception {
        Instant past = Instant.now().minusSeconds(3600);
        assertChallenge(post(INIT, signed(claims().issueTime(Date.from(past.minusSeconds(600)))
                .notBeforeTime(Date.from(past.minusSeconds(600))).expirationTime(Date.from(past)).build()), Map.of()),
                401, "invalid_token");
    }

    @Test
    void notYetValidToken() throws Exception {
        Instant future = Instant.now().plusSeconds(3600);
        assertChallenge(post(INIT, signed(claims().notBeforeTime(Date.from(future)).issueTime(Date.from(future))
                .expirationTime(Date.from(future.plusSeconds(600))).build()), Map.of()), 401, "invalid_token");
    }

    @Test
    void wrongIssuer() throws Exception {
        assertChallenge(post(INIT, signed(claims().issuer("http://evil.example/issuer").build()), Map.of()), 401, "invalid_token");
    }

    @Test
    void apiAudienceTokenIsRefused() throws Exception {
        // the token passthrough attack: a token for the stocks API sent to the MCP server
        assertChallenge(post(INIT, signed(claims().audience(FakeAuthorizationServer.API_AUDIENCE).build()), Map.of()),
                401, "invalid_token");
    }

    @Test
    void algNone() throws Exception {
        assertChallenge(post(INIT, new PlainJWT(claims().build()).serialize(), Map.of()), 401, "invalid_token");
    }

    @Test
    void hs256SignedWithThePublicKey() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("test-key-1").build(), claims().build());
        jwt.sign(new MACSigner(FakeAuthorizationServer.KEY.toRSAPublicKey().getEncoded()));
        assertChallenge(post(INIT, jwt.serialize(), Map.of()), 401, "invalid_token");
    }

    @Test
    void unknownKid() throws Exception {
        assertChallenge(post(INIT, FakeAuthorizationServer.sign(claims().build(), FakeAuthorizationServer.OTHER_KEY), Map.of()),
                401, "invalid_token");
    }

    @Test
    void tamperedPayload() throws Exception {
        String[] parts = usa().split("\\.");
        String payload = new String(Base64URL.from(parts[1]).decode(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"USA\"", "\"Europe\"");
        String tampered = parts[0] + "." + Base64URL.encode(payload) + "." + parts[2];
        assertChallenge(post(INIT, tampered, Map.of()), 401, "invalid_token");
    }

    @Test
    void missingScopeIsInsufficientScope() throws Exception {
        HttpResponse<String> r = post(INIT, signed(claims().claim("scope", "openid profile").build()), Map.of());
        assertChallenge(r, 403, "insufficient_scope");
    }

    @Test
    void expiredTenSecondsAgoIsPastTheConfiguredSkew() throws Exception {
        Instant now = Instant.now();
        assertChallenge(post(INIT, signed(claims().issueTime(Date.from(now.minusSeconds(310)))
                .notBeforeTime(Date.from(now.minusSeconds(310))).expirationTime(Date.from(now.minusSeconds(10))).build()), Map.of()),
                401, "invalid_token");
    }

    @Test
    void anotherSpellingOfAValidTokenIsRefused() throws Exception {
        String token = usa();
        assertThat(post(INIT, token, Map.of()).statusCode()).isEqualTo(200);
        for (String suffix : new String[] {"==", "=", "!!!", "%", "%3D", "\u00e9", "."}) {
            assertChallenge(post(INIT, token + suffix, Map.of()), 401, "invalid_token");
        }
    }

    @Test
    void theSchemeIsCaseInsensitive() throws Exception {
        // RFC 7235: Liberty starts authentication only for "Bearer"; oauth-support asks it to for other spellings
        String token = usa();
        for (String scheme : new String[] {"bearer", "BEARER"}) {
            HttpResponse<String> r = post(INIT, null, Map.of("Authorization", scheme + " " + token));
            assertThat(r.statusCode()).as(scheme + ": " + r.body()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).path("result").path("serverInfo").isObject()).as(r.body()).isTrue();
        }
        String otherAudience = signed(claims().audience(FakeAuthorizationServer.API_AUDIENCE).build());
        assertChallenge(post(INIT, null, Map.of("Authorization", "bearer " + otherAudience)), 401, "invalid_token");
    }

    @Test
    void twoAuthorizationHeadersAreABadRequest() throws Exception {
        HttpResponse<String> r = post(INIT, usa(), Map.of("Authorization", "Bearer " + usa()));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_request\"");
        assertThat(JSON.readTree(r.body()).path("code").asText()).isEqualTo("invalid_request");
    }

    @Test
    void basicIsNoBearerTokenSoNoErrorCode() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(MCP)).header("Content-Type", "application/json")
                .header("Authorization", "Basic dXNlcjpwYXNz").POST(HttpRequest.BodyPublishers.ofString(INIT)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).doesNotContain("error=")
                .contains("resource_metadata=\"" + PRM_URL + "\"");
    }

    @Test
    void claimsOfTheWrongShapeAreRefused() throws Exception {
        assertChallenge(post(INIT, signed(claims().claim("scope", List.of("stocks/read")).build()), Map.of()), 401, "invalid_token");
        assertChallenge(post(INIT, signed(claims().claim("scope", " stocks/read").build()), Map.of()), 401, "invalid_token");
    }

    @Test
    void readinessFollowsTheDependencies() throws Exception {
        assertThat(ready()).as("JWKS, token endpoint and API up").isEqualTo(200);
        FakeAuthorizationServer.stopApi();
        int status = 0;
        for (int i = 0; i < 40 && status != 503; i++) {   // outcomes are kept 2 s
            Thread.sleep(250);
            status = ready();
        }
        assertThat(status).as("the stocks API is down").isEqualTo(503);
        FakeAuthorizationServer.startApi();
        for (int i = 0; i < 40 && status != 200; i++) {
            Thread.sleep(250);
            status = ready();
        }
        assertThat(status).as("the stocks API is back").isEqualTo(200);
    }

    static int ready() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(BASE + "/health/ready")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    // ---- protected resource metadata -------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"})
    void metadataIsPublicAndCorsEnabled(String path) throws Exception {
        for (String token : new String[] {null, "garbage"}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(BASE + path)).header("Origin", "http://localhost:6274").GET();
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
            JsonNode m = JSON.readTree(r.body());
            assertThat(m.path("resource").asText()).isEqualTo(FakeAuthorizationServer.MCP_RESOURCE);
            assertThat(m.path("authorization_servers").get(0).asText()).isEqualTo(FakeAuthorizationServer.ISSUER);
            assertThat(m.path("scopes_supported").get(0).asText()).isEqualTo("stocks/read");
            assertThat(m.path("bearer_methods_supported").get(0).asText()).isEqualTo("header");
            assertThat(m.path("resource_name").asText()).isNotBlank();
        }
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(BASE + path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://localhost:6274")
                .header("Access-Control-Request-Method", "GET").header("Access-Control-Request-Headers", "mcp-protocol-version").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("GET");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).containsIgnoringCase("MCP-Protocol-Version");
    }

    // ---- transport hygiene ---------------------------------------------------------------------------------

    @Test
    void foreignOriginIsForbidden() throws Exception {
        HttpResponse<String> r = post(INIT, usa(), Map.of("Origin", "http://evil.example"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).path("error").path("code").asInt()).isEqualTo(-32000);
        HttpResponse<String> allowed = post(INIT, usa(), Map.of("Origin", "http://localhost:6274"));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:6274");
    }

    @Test
    void theServersOwnPublicOriginIsAllowedAndForeignHostsAreNot() throws Exception {
        HttpResponse<String> own = post(INIT, usa(), Map.of("Origin", BASE));
        assertThat(own.statusCode()).isEqualTo(200);
        // DNS rebinding: a page on evil.example whose name resolves to 127.0.0.1
        HttpResponse<String> rebound = post(INIT, usa(), Map.of("Host", "evil.example:29180"));
        assertThat(rebound.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(rebound.body()).path("error").path("message").asText()).contains("Host");
        HttpResponse<String> loopback = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:29180/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + usa()).POST(HttpRequest.BodyPublishers.ofString(INIT)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(loopback.statusCode()).as("MCP_ALLOWED_HOSTS").isEqualTo(200);
    }

    @Test
    void anUnknownPathIsAJson404() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(BASE + "/bench-ceiling/call")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).path("code").asText()).isEqualTo("not_found");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void compressedBodiesAreRefusedWithoutAStackTrace() throws Exception {
        // with and without a token: refused before anything else (a refusal that left the body unread
        // made Liberty close the gateway's pooled connection)
        for (String token : new String[] {usa(), null}) {
            for (String encoding : new String[] {"gzip", "deflate", "br", "GZIP"}) {
                HttpResponse<String> r = post(INIT, token, Map.of("Content-Encoding", encoding));
                assertThat(r.statusCode()).as(encoding).isEqualTo(415);
                assertThat(JSON.readTree(r.body()).path("code").asText()).isEqualTo("unsupported_content_encoding");
                assertThat(JSON.readTree(r.body()).path("message").asText()).contains("uncompressed");
                assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
            }
        }
        assertThat(post(INIT, usa(), Map.of("Content-Encoding", "identity")).statusCode()).isEqualTo(200);
    }

    @Test
    void oneMessageExactlyAndJsonRpc20Only() throws Exception {
        HttpResponse<String> trailing = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"} {}", usa(), Map.of());
        assertThat(trailing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(trailing.body()).path("error").path("code").asInt()).isEqualTo(-32700);
        HttpResponse<String> trailingGarbage = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}xyz", usa(), Map.of());
        assertThat(JSON.readTree(trailingGarbage.body()).path("error").path("code").asInt()).isEqualTo(-32700);
        HttpResponse<String> numeric = post("{\"jsonrpc\":1,\"id\":4,\"method\":\"ping\"}", usa(), Map.of());
        assertThat(numeric.statusCode()).isEqualTo(400);
        JsonNode n = JSON.readTree(numeric.body());
        assertThat(n.path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(n.path("id").asInt()).as("the request's id is echoed").isEqualTo(4);
        HttpResponse<String> ping = post("{\"jsonrpc\":\"2.0\",\"id\":\"p-1\",\"method\":\"ping\"}", usa(), Map.of());
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ping.body()).path("id").asText()).isEqualTo("p-1");
    }

    @Test
    void unsupportedProtocolVersionIs400() throws Exception {
        HttpResponse<String> r = post(INIT, usa(), Map.of("MCP-Protocol-Version", "1999-01-01"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("error").path("message").asText()).contains("2025-11-25");
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(70_000) + "\"}}";
        HttpResponse<String> r = post(big, usa(), Map.of());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).path("error").path("message").asText()).contains("65536");
    }

    @Test
    void getIs405WithAllow() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(MCP)).header("Authorization", "Bearer " + usa())
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).contains("POST, OPTIONS");
        assertThat(JSON.readTree(r.body()).path("error").path("message").asText()).contains("POST");
    }

    @Test
    void jsonRpcErrorsAreWellFormedWithoutStackTraces() throws Exception {
        HttpResponse<String> malformed = post("{\"jsonrpc\":\"2.0\",", usa(), Map.of());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).path("error").path("code").asInt()).isEqualTo(-32700);

        HttpResponse<String> notRpc = post("{\"hello\":\"world\"}", usa(), Map.of());
        assertThat(notRpc.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notRpc.body()).path("error").path("code").isInt()).isTrue();

        HttpResponse<String> unknownMethod = post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"no/such\"}", usa(), Map.of());
        assertThat(unknownMethod.statusCode()).isEqualTo(200);
        JsonNode u = JSON.readTree(unknownMethod.body());
        assertThat(u.path("id").asInt()).isEqualTo(7);
        assertThat(u.path("error").path("code").asInt()).isEqualTo(-32601);

        HttpResponse<String> wrongTool = post("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\",\"arguments\":{}}}", usa(), Map.of());
        JsonNode w = JSON.readTree(wrongTool.body());
        assertThat(w.path("id").asInt()).isEqualTo(8);
        assertThat(w.path("error").path("code").asInt()).isEqualTo(-32602);

        HttpResponse<String> badArgs = post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"fetch-stock-prices\",\"arguments\":\"oops\"}}", usa(), Map.of());
        JsonNode b = JSON.readTree(badArgs.body());
        assertThat(b.path("id").asInt()).isEqualTo(9);
        assertThat(b.path("error").path("code").asInt()).isEqualTo(-32602);

        HttpResponse<String> extraArgs = post("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\",\"params\":{\"name\":\"fetch-stock-prices\",\"arguments\":{\"x\":1}}}", usa(), Map.of());
        JsonNode e = JSON.readTree(extraArgs.body());
        assertThat(e.path("id").asInt()).isEqualTo(10);
        assertThat(e.path("error").isMissingNode() ? e.path("result").path("isError").asBoolean() : true).isTrue();

        for (HttpResponse<String> r : List.of(malformed, notRpc, unknownMethod, wrongTool, badArgs, extraArgs)) {
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(r.body()).doesNotContain("stackTrace").doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    // ---- the MCP flow through the SDK's client ------------------------------------------------------------

    static McpSyncClient client(String token, List<String> versions) {
        HttpClientStreamableHttpTransport.Builder transport = HttpClientStreamableHttpTransport.builder(BASE)
                .endpoint("/mcp")
                .httpRequestCustomizer((builder, method, uri, body, ctx) -> builder.header("Authorization", "Bearer " + token));
        if (versions != null) {
            transport.supportedProtocolVersions(versions);
        }
        return McpClient.sync(transport.build()).requestTimeout(Duration.ofSeconds(20)).build();
    }

    static List<String> stockIds(McpSchema.CallToolResult result) throws Exception {
        String text = ((McpSchema.TextContent) result.content().get(0)).text();
        JsonNode json = JSON.readTree(text);
        // the real API's shape, passed on unchanged
        json.forEach(n -> assertThat(n.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("symbol", "name", "region", "exchange", "currency", "price", "priceTime"));
        assertThat(result.structuredContent()).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) result.structuredContent()).get("stocks")).isInstanceOf(List.class);
        return java.util.stream.StreamSupport.stream(json.spliterator(), false).map(n -> n.path("symbol").asText())
                .sorted().collect(Collectors.toList());
    }

    static String errorText(McpSchema.CallToolResult result) {
        assertThat(result.isError()).isTrue();
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @Test
    void usaUserSeesUsaStocksAndSecondCallUsesTheCache() throws Exception {
        String token = usa();
        try (McpSyncClient client = client(token, null)) {
            McpSchema.InitializeResult init = client.initialize();
            assertThat(init.protocolVersion()).isEqualTo("2025-11-25");
            List<McpSchema.Tool> tools = client.listTools().tools();
            assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder("fetch-stock-prices", "place-stock-order");
            assertThat(tools).filteredOn(t -> t.name().equals("fetch-stock-prices")).singleElement()
                    .extracting(McpSchema.Tool::description).isEqualTo("A tool to fetch secured information about financial stock prices");

            int exchangesBefore = FakeAuthorizationServer.exchangeCalls.get();
            McpSchema.CallToolResult first = client.callTool(new McpSchema.CallToolRequest("fetch-stock-prices", Map.of()));
            assertThat(first.isError()).isFalse();
            assertThat(stockIds(first)).containsExactly("COM1", "COM4", "COM5");
            assertThat(first.structuredContent()).isNotNull();
            assertThat(FakeAuthorizationServer.exchangeCalls.get()).isEqualTo(exchangesBefore + 1);

            McpSchema.CallToolResult second = client.callTool(new McpSchema.CallToolRequest("fetch-stock-prices", Map.of()));
            assertThat(stockIds(second)).containsExactly("COM1", "COM4", "COM5");
            assertThat(FakeAuthorizationServer.exchangeCalls.get()).isEqualTo(exchangesBefore + 1);
        }
        assertThat(FakeAuthorizationServer.exchangeRejections).isEmpty();
        // the API only ever saw exchanged tokens: the MCP client's own token never went upstream
        assertThat(FakeAuthorizationServer.apiReceivedAudiences).isNotEmpty().containsOnly(FakeAuthorizationServer.API_AUDIENCE);
    }

    @Test
    void europeUserSeesEuropeStocks() throws Exception {
        try (McpSyncClient client = client(europe(), null)) {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("fetch-stock-prices", Map.of()));
            assertThat(result.isError()).isFalse();
            assertThat(stockIds(result)).containsExactly("COM2", "COM3", "COM6");
        }
    }

    @Test
    void placingAnOrderIsRefusedToTheLowAssuranceMcpClientWithTheApisReason() throws Exception {
        // with both scopes of place-stock-order (after a step-up) the call reaches the API, which still refuses
        String trader = signed(claims().claim("scope", "stocks/read stocks/trade").build());
        try (McpSyncClient client = client(trader, null)) {
            client.initialize();
            McpSchema.CallToolResult refused = client.callTool(
                    new McpSchema.CallToolRequest("place-stock-order", Map.of("symbol", "COM1", "quantity", 10)));
            assertThat(refused.isError()).isTrue();
            String text = ((McpSchema.TextContent) refused.content().get(0)).text();
            assertThat(text).contains("403").contains("client assurance level 2").doesNotContain("Exception");
            McpSchema.CallToolResult invalid = client.callTool(
                    new McpSchema.CallToolRequest("place-stock-order", Map.of("symbol", "COM1", "quantity", 0)));
            assertThat(invalid.isError()).isTrue();
            assertThat(((McpSchema.TextContent) invalid.content().get(0)).text()).contains("quantity");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-11-25", "2025-06-18", "2025-03-26"})
    void eachProtocolVersionInitialises(String version) throws Exception {
        try (McpSyncClient client = client(usa(), List.of(version))) {
            assertThat(client.initialize().protocolVersion()).isEqualTo(version);
            assertThat(client.listTools().tools()).hasSize(2);
            assertThat(client.callTool(new McpSchema.CallToolRequest("fetch-stock-prices", Map.of())).isError()).isFalse();
        }
    }

    McpSchema.CallToolResult callWithFreshToken() {
        try (McpSyncClient client = client(usa(), null)) {
            client.initialize();
            return client.callTool(new McpSchema.CallToolRequest("fetch-stock-prices", Map.of()));
        }
    }

    @Test
    void exchangeRefusedIsAToolError() {
        FakeAuthorizationServer.exchangeMode = FakeAuthorizationServer.ExchangeMode.REFUSE;
        assertThat(errorText(callWithFreshToken())).contains("refused").contains("invalid_grant")
                .contains("revoked this client's access").contains("sign in again");
    }

    @Test
    void authorizationServerTimeoutIsAToolError() {
        FakeAuthorizationServer.exchangeMode = FakeAuthorizationServer.ExchangeMode.SLOW;
        assertThat(errorText(callWithFreshToken())).contains("authorization server could not be reached").contains("timed out");
    }

    @Test
    void api401IsAToolError() {
        FakeAuthorizationServer.apiMode = FakeAuthorizationServer.ApiMode.UNAUTHORIZED;
        assertThat(errorText(callWithFreshToken())).contains("401").contains("invalid_token");
    }

    @Test
    void api403IsAToolErrorNamingTheScope() {
        FakeAuthorizationServer.apiMode = FakeAuthorizationServer.ApiMode.FORBIDDEN_SCOPE;
        assertThat(errorText(callWithFreshToken())).contains("403").contains("insufficient_scope").contains("stocks/read");
    }

    @Test
    void apiDownIsAToolError() {
        FakeAuthorizationServer.stopApi();
        assertThat(errorText(callWithFreshToken())).contains("stocks API is unavailable").contains("connection failed");
    }

    @Test
    void apiTimeoutIsAToolError() {
        FakeAuthorizationServer.apiMode = FakeAuthorizationServer.ApiMode.SLOW;
        assertThat(errorText(callWithFreshToken())).contains("stocks API is unavailable").contains("timed out");
    }
}
