package example.mcpauth.mcp;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import example.mcpauth.testsupport.TestHttpServer;
import example.mcpauth.testsupport.TokenExchangeGrant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The MCP server's upstreams in the test JVM, values as in src/test/liberty/server.env: test-support's
 * {@link example.mcpauth.testsupport.FakeAuthorizationServer} on 29190 (issuer {@code /issuer}, JWKS, the
 * RFC 8693 exchange as the realm does it, {@code /mint} for in-container tests), and a fake of the stocks
 * API on 29191 in the real API's shapes, each with failure modes a test switches on.
 */
public final class FakeAuthorizationServer {

    public static final int AS_PORT = 29190;
    public static final int API_PORT = 29191;
    public static final String ISSUER = "http://127.0.0.1:29190/issuer";
    public static final String MCP_RESOURCE = "http://localhost:29180/mcp";
    public static final String API_AUDIENCE = "http://localhost:29191/api";
    public static final String CLIENT_ID = "mcp-server-test";
    public static final String CLIENT_SECRET = "test-secret";
    public static final String SCOPE = "stocks/read";
    public static final String TRADE_SCOPE = "stocks/trade";

    public enum ExchangeMode { OK, REFUSE, SLOW }
    public enum ApiMode { OK, UNAUTHORIZED, FORBIDDEN_SCOPE, SLOW }

    public static volatile ExchangeMode exchangeMode = ExchangeMode.OK;
    public static volatile ApiMode apiMode = ApiMode.OK;
    public static final AtomicInteger exchangeCalls = new AtomicInteger();
    public static final AtomicInteger apiCalls = new AtomicInteger();
    /** Audiences of every token the API received (proves the MCP client's token never arrives). */
    public static final List<String> apiReceivedAudiences = new CopyOnWriteArrayList<>();
    /** The traceparent header of every API call (empty string when there was none). */
    public static final List<String> apiReceivedTraceparents = new CopyOnWriteArrayList<>();
    /** The scope parameter of every token exchange request (place-stock-order must ask for stocks/trade). */
    public static final List<String> exchangeScopes = new CopyOnWriteArrayList<>();

    /** The authorization server, started with this class (in the test JVM only: in-container tests never load it). */
    static final example.mcpauth.testsupport.FakeAuthorizationServer AS = example.mcpauth.testsupport.FakeAuthorizationServer
            .builder().port(AS_PORT).issuerPath("/issuer").keyId("test-key-1").start();
    /** Like the realm: mcp-server-test exchanges a token for this MCP server for one for the API, never adding a scope. */
    static final TokenExchangeGrant EXCHANGE = new TokenExchangeGrant(AS).client(CLIENT_ID, CLIENT_SECRET)
            .subjectAudience(MCP_RESOURCE).audience(API_AUDIENCE).scope(SCOPE).grantRequestedScopes();
    /** Reasons the token endpoint refused a request (a correct MCP server causes none in OK mode). */
    public static final List<String> exchangeRejections = EXCHANGE.rejections();
    static final RSAKey KEY = AS.signingKey();
    static final RSAKey OTHER_KEY = AS.unknownKey();
    private static TestHttpServer apiServer;

    static {
        AS.grant(TokenExchangeGrant.GRANT_TYPE, request -> {
            exchangeCalls.incrementAndGet();
            if (exchangeMode == ExchangeMode.SLOW) {
                Thread.sleep(3500);
            }
            if (exchangeMode == ExchangeMode.REFUSE) {
                return example.mcpauth.testsupport.FakeAuthorizationServer.TokenResponse.error(400, "invalid_grant",
                        "The user has revoked this client's access");
            }
            exchangeScopes.add(String.valueOf(request.param("scope")));
            return EXCHANGE.handle(request);
        });
        // for in-container tests: a user token for the MCP server (they cannot sign in the server JVM)
        AS.route("/mint", ex -> {
            Map<String, String> q = TestHttpServer.form(ex.getRequestURI().getRawQuery());
            TestHttpServer.send(ex, 200, "text/plain", sign(userClaims(q.getOrDefault("sub", "john.doe@demo.example"),
                    q.getOrDefault("region", "USA")).claim("scope", q.getOrDefault("scope", SCOPE)).build(), KEY));
        });
    }

    private FakeAuthorizationServer() { }

    /** Starts both servers (the authorization server with the class, the API if it is not running). */
    public static synchronized void ensureStarted() {
        if (Boolean.getBoolean("mcp.test.in.container")) {
            return; // the test JVM owns the servers
        }
        startApi();
    }

    public static synchronized void startApi() {
        if (apiServer == null) {
            apiServer = TestHttpServer.start(API_PORT, "fake-stocks-api", FakeAuthorizationServer::api);
        }
    }

    public static synchronized void stopApi() {
        if (apiServer != null) {
            apiServer.close();
            apiServer = null;
        }
    }

    public static void reset() {
        exchangeMode = ExchangeMode.OK;
        apiMode = ApiMode.OK;
    }

    // ---- tokens -------------------------------------------------------------------------------------

    /** A user's token for this MCP server as the realm issues it: 10 minutes, stocks/read, an assurance-1 MCP client. */
    public static JWTClaimsSet.Builder userClaims(String subject, String region) {
        return AS.claims(Duration.ofSeconds(600)).audience(MCP_RESOURCE).subject(subject)
                .notBeforeTime(Date.from(Instant.now().minusSeconds(5)))
                .claim("scope", SCOPE).claim("region", region)
                .claim("client_type", "mcp").claim("client_assurance_level", 1);
    }

    public static String userToken(String subject, String region) {
        return sign(userClaims(subject, region).build(), KEY);
    }

    public static String sign(JWTClaimsSet claims, RSAKey key) {
        return example.mcpauth.testsupport.FakeAuthorizationServer.sign(claims, key);
    }

    // ---- stocks API ------------------------------------------------------------------------------------

    /** The real API's seed data and JSON shape (stocks-war's Stock record), all six stocks. */
    static final List<String> STOCKS = List.of(
            stock("COM1", "Company One Inc.", "USA", "NYSE", "USD", "450.22"),
            stock("COM2", "Company Two AG", "Europe", "XETRA", "EUR", "250.62"),
            stock("COM3", "Company Three SA", "Europe", "Euronext Paris", "EUR", "21.07"),
            stock("COM4", "Company Four Corp.", "USA", "NASDAQ", "USD", "180.75"),
            stock("COM5", "Company Five Holdings", "USA", "NYSE", "USD", "73.18"),
            stock("COM6", "Company Six NV", "Europe", "Euronext Amsterdam", "EUR", "118.40"));

    private static String stock(String symbol, String name, String region, String exchange, String currency, String price) {
        return "{\"symbol\":\"" + symbol + "\",\"name\":\"" + name + "\",\"region\":\"" + region + "\",\"exchange\":\""
                + exchange + "\",\"currency\":\"" + currency + "\",\"price\":" + price + ",\"priceTime\":\"2026-12-03T08:00:00Z\"}";
    }

    private static void api(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.startsWith("/api/stocks")) {
            stocks(ex);
        } else if (path.startsWith("/api/orders")) {
            orders(ex);
        } else {
            send(ex, 404, "{\"code\":\"not_found\",\"message\":\"No such resource\"}", Map.of());
        }
    }

    private static void stocks(HttpExchange ex) throws IOException {
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            // a readiness probe: the real API answers 401 without a token
            send(ex, 401, "{\"code\":\"missing_token\",\"message\":\"An access token is required\"}",
                    Map.of("WWW-Authenticate", "Bearer realm=\"stocks-api\", scope=\"stocks/read\""));
            return;
        }
        apiCalls.incrementAndGet();
        String traceparent = ex.getRequestHeaders().getFirst("traceparent");
        apiReceivedTraceparents.add(traceparent == null ? "" : traceparent);
        String token = authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
        try {
            apiReceivedAudiences.addAll(SignedJWT.parse(token).getJWTClaimsSet().getAudience());
        } catch (java.text.ParseException e) {
            apiReceivedAudiences.add("<unparseable>");
        }
        if (apiMode == ApiMode.SLOW) {
            sleep(3500);
        }
        JWTClaimsSet claims = AS.verify(token, API_AUDIENCE).orElse(null);
        if (claims == null || apiMode == ApiMode.UNAUTHORIZED) {
            send(ex, 401, "{\"code\":\"invalid_token\",\"message\":\"Missing, invalid or expired access token\"}",
                    Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"Missing, invalid or expired access token\""));
            return;
        }
        if (apiMode == ApiMode.FORBIDDEN_SCOPE) {
            send(ex, 403, "{\"code\":\"insufficient_scope\",\"message\":\"The token lacks the scope stocks/read\"}",
                    Map.of("WWW-Authenticate", "Bearer error=\"insufficient_scope\", error_description=\"The token lacks the scope stocks/read\", scope=\"stocks/read\""));
            return;
        }
        Object region = claims.getClaim("region");
        String json = STOCKS.stream().filter(st -> st.contains("\"region\":\"" + region + "\""))
                .collect(Collectors.joining(",", "[", "]"));
        send(ex, 200, json, Map.of());
    }

    /** The API's reserved operation: stocks/trade first, then MCP clients below assurance 2 are refused with a reason. */
    private static void orders(HttpExchange ex) throws IOException {
        try {
            placeOrder(ex);
        } catch (java.text.ParseException e) {
            send(ex, 400, "{\"code\":\"invalid_json\",\"message\":\"not JSON\"}", Map.of());
        }
    }

    private static void placeOrder(HttpExchange ex) throws IOException, java.text.ParseException {
        apiCalls.incrementAndGet();
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        JWTClaimsSet claims = AS.verify(token, API_AUDIENCE).orElse(null);
        if (claims == null) {
            send(ex, 401, "{\"code\":\"invalid_token\",\"message\":\"Missing, invalid or expired access token\"}",
                    Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
            return;
        }
        if (!Set.of(String.valueOf(claims.getClaim("scope")).split(" ")).contains(TRADE_SCOPE)) {
            send(ex, 403, "{\"code\":\"insufficient_scope\",\"message\":\"Placing orders needs the scope stocks/trade.\"}",
                    Map.of("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"stocks/read stocks/trade\""));
            return;
        }
        Object level = claims.getClaim("client_assurance_level");
        if ("mcp".equals(claims.getClaim("client_type")) && (!(level instanceof Number n) || n.intValue() < 2)) {
            send(ex, 403, "{\"code\":\"insufficient_client_assurance\",\"message\":\"Placing orders needs client assurance level 2; this AI client has 1.\"}",
                    Map.of("WWW-Authenticate", "Bearer error_description=\"client assurance level too low\""));
            return;
        }
        // the real API's Order shape (stocks-war's Order record)
        var order = com.nimbusds.jose.util.JSONObjectUtils.parse(body);
        send(ex, 201, "{\"id\":\"order-1\",\"symbol\":\"" + order.get("symbol") + "\",\"quantity\":" + order.get("quantity")
                + ",\"unitPrice\":450.22,\"currency\":\"USD\",\"total\":450.22,\"status\":\"ACCEPTED\",\"placedBy\":\""
                + claims.getSubject() + "\",\"placedAt\":\"2026-12-03T08:00:00Z\"}", Map.of());
    }

    private static void send(HttpExchange ex, int status, String json, Map<String, String> headers) throws IOException {
        try (ex) {
            headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            TestHttpServer.send(ex, status, "application/json", json);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
