package example.mcpauth.stocks.it;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tests' authorization server: an RSA key pair whose public half is served as a JWKS on
 * 127.0.0.1:{@value #DEFAULT_JWKS_PORT} (a JDK HttpServer in the test JVM), and a token minter.
 * One instance per test JVM; the server stops when the JVM exits.
 */
public final class TestAuthority {

    static final int DEFAULT_JWKS_PORT = 29090;
    // must match src/test/liberty/config/server.env
    public static final String ISSUER = "http://127.0.0.1:29090/realms/stocks-it";
    public static final String API_AUDIENCE = "http://localhost:18000/api";
    public static final String MCP_AUDIENCE = "http://localhost:18000/mcp";
    public static final String KEY_ID = "it-key-1";

    private static TestAuthority instance;

    final RSAKey signingKey;
    final RSAKey rogueKey;
    final AtomicInteger jwksRequests = new AtomicInteger();
    private final HttpServer server;

    private TestAuthority() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID(KEY_ID).generate();
        rogueKey = new RSAKeyGenerator(2048).keyID("unknown-kid").generate();
        byte[] jwks = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        int port = Integer.getInteger("it.jwks.port", DEFAULT_JWKS_PORT);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/jwks", exchange -> {
            jwksRequests.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    }

    public static synchronized TestAuthority get() {
        if (instance == null) {
            try {
                instance = new TestAuthority();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    /** Scopes of a good API token: read, and trade (orders), as after a step-up. */
    public static final String READ_AND_TRADE = "openid stocks/read stocks/trade";

    /** Claims of a good API token for a user of {@code region}, valid for 5 minutes, with {@link #READ_AND_TRADE}. */
    public JWTClaimsSet.Builder apiClaims(String user, String region) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(API_AUDIENCE)
                .subject(UUID.nameUUIDFromBytes(user.getBytes(StandardCharsets.UTF_8)).toString())
                .claim("preferred_username", user)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString())
                .claim("scope", READ_AND_TRADE);
        if (region != null) {
            b.claim("region", region);
        }
        return b;
    }

    public String sign(JWTClaimsSet claims) {
        return sign(claims, signingKey);
    }

    public String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String userToken(String user, String region) {
        return sign(apiClaims(user, region).build());
    }

    public String mcpClientToken(String user, String region, int assuranceLevel) {
        return sign(apiClaims(user, region).claim("client_type", "mcp")
                .claim("client_assurance_level", assuranceLevel).build());
    }
}
