package example.mcpauth.mcp;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Test double of the authorization server (JWKS, RFC 8693 token endpoint) on 29190 and of the stocks
 * API on 29191, in the test JVM. Values match src/test/liberty/server.env.
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
    /** Reasons the token endpoint refused a request (a correct MCP server causes none in OK mode). */
    public static final List<String> exchangeRejections = new CopyOnWriteArrayList<>();

    static final RSAKey KEY;
    static final RSAKey OTHER_KEY;
    private static HttpServer asServer;
    private static HttpServer apiServer;

    static {
        try {
            KEY = new RSAKeyGenerator(2048).keyID("test-key-1").keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
            OTHER_KEY = new RSAKeyGenerator(2048).keyID("unknown-key").keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private FakeAuthorizationServer() { }

    public static synchronized void ensureStarted() throws IOException {
        if (Boolean.getBoolean("mcp.test.in.container")) {
            return; // the test JVM owns the servers
        }
        if (asServer == null) {
            asServer = HttpServer.create(new InetSocketAddress("127.0.0.1", AS_PORT), 50);
            asServer.createContext("/jwks", FakeAuthorizationServer::jwks);
            asServer.createContext("/token", FakeAuthorizationServer::token);
            asServer.createContext("/mint", FakeAuthorizationServer::mint);
            asServer.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
            asServer.start();
        }
        startApi();
    }

    public static synchronized void startApi() throws IOException {
        if (apiServer == null) {
            apiServer = HttpServer.create(new InetSocketAddress("127.0.0.1", API_PORT), 50);
            apiServer.createContext("/api/stocks", FakeAuthorizationServer::stocks);
            apiServer.createContext("/api/orders", FakeAuthorizationServer::orders);
            apiServer.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
            apiServer.start();
        }
    }

    public static synchronized void stopApi() {
        if (apiServer != null) {
            apiServer.stop(0);
            apiServer = null;
        }
    }

    public static void reset() {
        exchangeMode = ExchangeMode.OK;
        apiMode = ApiMode.OK;
    }

    // ---- tokens -------------------------------------------------------------------------------------

    public static JWTClaimsSet.Builder userClaims(String subject, String region) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(MCP_RESOURCE).subject(subject)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString())
                .claim("scope", SCOPE).claim("region", region)
                .claim("client_type", "mcp").claim("client_assurance_level", 1);
    }

    public static String userToken(String subject, String region) {
        return sign(userClaims(subject, region).build(), KEY);
    }

    public static String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet verify(String token, String audience) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new RSASSAVerifier(KEY))) {
                return null;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!ISSUER.equals(claims.getIssuer()) || !claims.getAudience().contains(audience)
                    || claims.getExpirationTime() == null || claims.getExpirationTime().before(new Date())) {
                return null;
            }
            return claims;
        } catch (Exception e) {
            return null;
        }
    }

    // ---- authorization server ----------------------------------------------------------------------

    private static void jwks(HttpExchange ex) throws IOException {
        send(ex, 200, new JWKSet(KEY.toPublicJWK()).toString(), Map.of());
    }

    /** For in-container tests: a user token for the MCP server (they cannot sign in the server JVM). */
    private static void mint(HttpExchange ex) throws IOException {
        Map<String, String> q = form(ex.getRequestURI().getRawQuery());
        send(ex, 200, sign(userClaims(q.getOrDefault("sub", "john.doe@demo.example"), q.getOrDefault("region", "USA"))
                .claim("scope", q.getOrDefault("scope", SCOPE)).build(), KEY), Map.of());
    }

    private static void token(HttpExchange ex) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            // a readiness probe: the endpoint answers, as a real token endpoint refuses GET
            send(ex, 405, "{\"error\":\"invalid_request\",\"error_description\":\"POST only\"}", Map.of());
            return;
        }
        exchangeCalls.incrementAndGet();
        Map<String, String> f = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (exchangeMode == ExchangeMode.SLOW) {
            sleep(3500);
        }
        if (exchangeMode == ExchangeMode.REFUSE) {
            send(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"The user has revoked this client's access\"}", Map.of());
            return;
        }
        String rejection = null;
        if (!"urn:ietf:params:oauth:grant-type:token-exchange".equals(f.get("grant_type"))) {
            rejection = "grant_type";
        } else if (!CLIENT_ID.equals(f.get("client_id")) || !CLIENT_SECRET.equals(f.get("client_secret"))) {
            rejection = "client credentials";
        } else if (!"urn:ietf:params:oauth:token-type:access_token".equals(f.get("subject_token_type"))) {
            rejection = "subject_token_type";
        } else if (!API_AUDIENCE.equals(f.get("audience"))) {
            rejection = "audience";
        } else if (f.get("scope") == null || !Set.of(f.get("scope").split(" ")).contains(SCOPE)) {
            rejection = "scope";
        }
        if (rejection != null) {
            exchangeRejections.add(rejection);
            send(ex, 400, "{\"error\":\"invalid_request\",\"error_description\":\"bad " + rejection + "\"}", Map.of());
            return;
        }
        exchangeScopes.add(f.get("scope"));
        JWTClaimsSet subject = verify(f.get("subject_token"), MCP_RESOURCE);
        if (subject == null) {
            exchangeRejections.add("subject_token");
            send(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"subject token invalid\"}", Map.of());
            return;
        }
        // like the real server: the exchanged token gets the requested scopes, and only those the user granted
        Set<String> granted = Set.of(String.valueOf(subject.getClaim("scope")).split(" "));
        String scope = f.get("scope");
        if (!granted.containsAll(Set.of(scope.split(" ")))) {
            exchangeRejections.add("scope not granted");
            send(ex, 400, "{\"error\":\"invalid_scope\",\"error_description\":\"scope not granted to the subject token\"}", Map.of());
            return;
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder api = new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(API_AUDIENCE).subject(subject.getSubject())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString()).claim("scope", scope)
                .claim("client_type", subject.getClaim("client_type"))
                .claim("client_assurance_level", subject.getClaim("client_assurance_level"));
        if (subject.getClaim("region") != null) {
            api.claim("region", subject.getClaim("region"));
        }
        String token = sign(api.build(), KEY);
        send(ex, 200, "{\"access_token\":\"" + token + "\",\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\","
                + "\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"" + scope + "\"}", Map.of());
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
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
        try {
            apiReceivedAudiences.addAll(SignedJWT.parse(token).getJWTClaimsSet().getAudience());
        } catch (Exception e) {
            apiReceivedAudiences.add("<unparseable>");
        }
        if (apiMode == ApiMode.SLOW) {
            sleep(3500);
        }
        JWTClaimsSet claims = verify(token, API_AUDIENCE);
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
        String body = new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        JWTClaimsSet claims = verify(token, API_AUDIENCE);
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

    // ---- helpers -------------------------------------------------------------------------------------

    private static Map<String, String> form(String raw) {
        Map<String, String> map = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return map;
        }
        for (String pair : raw.split("&")) {
            int i = pair.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
            map.put(k, v);
        }
        return map;
    }

    private static void send(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", body.startsWith("{") || body.startsWith("[") ? "application/json" : "text/plain");
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
