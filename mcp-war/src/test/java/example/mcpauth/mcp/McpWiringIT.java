package example.mcpauth.mcp;

import example.mcpauth.mcp.tools.CallerToken;
import example.mcpauth.mcp.tools.FetchStockPricesTool;
import example.mcpauth.mcp.tools.PlaceStockOrderTool;
import example.mcpauth.mcp.upstream.TokenExchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs inside Liberty: CDI beans, MicroProfile Config and the REST clients wired together. */
@ExtendWith(ArquillianExtension.class)
class McpWiringIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.mcpWar(McpWiringIT.class);
    }

    @BeforeAll
    static void fakeServers() throws Exception {
        // only the client side starts them (the server JVM has -Dmcp.test.in.container=true)
        FakeAuthorizationServer.ensureStarted();
    }

    @Inject McpSettings settings;
    @Inject TokenExchange tokenExchange;
    @Inject FetchStockPricesTool tool;
    @Inject org.eclipse.microprofile.config.Config config;

    static String mintedUserToken(String region) throws Exception {
        return mintedUserToken(region, "stocks/read");
    }

    static String mintedUserToken(String region, String scope) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:29190/mint?region=" + region
                        + "&scope=" + java.net.URLEncoder.encode(scope, java.nio.charset.StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void settingsComeFromMicroProfileConfig() {
        assertEquals("http://localhost:29180/mcp", settings.mcpResource());
        assertEquals("http://localhost:29191/api", settings.stocksApiAudience());
        assertEquals(java.util.List.of("http://localhost:6274"), settings.allowedOrigins());
        assertEquals("/mcp", settings.resourcePath());
        // the audience check is liberty-config's audience-check.xml, not an application setting
        assertTrue(config.getOptionalValue("mp.jwt.verify.audiences", String.class).isEmpty());
    }

    @Test
    void tokenExchangeThroughTheRestClientIsCached() throws Exception {
        String subject = mintedUserToken("USA", "stocks/read stocks/trade");
        String first = tokenExchange.tokenForStocksApi(subject, "stocks/read");
        String second = tokenExchange.tokenForStocksApi(subject, "stocks/read");
        assertFalse(first.isBlank());
        assertNotEquals(subject, first);
        // the fake authorization server mints a new jti each time: the same string means a cache hit
        assertEquals(first, second);
        assertTrue(tokenExchange.cachedEntries() >= 1);
        // other scopes are another entry: a new exchange, a new token
        String trade = tokenExchange.tokenForStocksApi(subject, "stocks/read stocks/trade");
        assertNotEquals(first, trade);
        assertEquals(trade, tokenExchange.tokenForStocksApi(subject, "stocks/read stocks/trade"));
    }

    @Test
    void toolScopesComeFromTheOneSetting() {
        assertEquals(java.util.List.of("stocks/read"), settings.toolScopes().of(FetchStockPricesTool.NAME));
        assertEquals(java.util.List.of("stocks/read", "stocks/trade"), settings.toolScopes().of(PlaceStockOrderTool.NAME));
    }

    @Test
    void toolBeanReturnsTheCallersRegion() throws Exception {
        McpSchema.CallToolResult result = tool.call(
                McpTransportContext.create(Map.of(CallerToken.CONTEXT_KEY, mintedUserToken("Europe"))),
                new McpSchema.CallToolRequest(FetchStockPricesTool.NAME, Map.of()));
        assertFalse(result.isError());
        String text = ((McpSchema.TextContent) result.content().get(0)).text();
        assertTrue(text.contains("COM2") && text.contains("COM3") && text.contains("COM6"), text);
        assertFalse(text.contains("COM1") || text.contains("COM4") || text.contains("COM5"), text);
    }

    @Test
    void toolWithoutTokenIsAToolError() {
        McpSchema.CallToolResult result = tool.call(McpTransportContext.EMPTY,
                new McpSchema.CallToolRequest(FetchStockPricesTool.NAME, Map.of()));
        assertTrue(result.isError());
    }
}
