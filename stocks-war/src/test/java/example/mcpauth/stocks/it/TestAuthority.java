package example.mcpauth.stocks.it;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import example.mcpauth.testsupport.FakeAuthorizationServer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The tests' authorization server: test-support's {@link FakeAuthorizationServer} on
 * 127.0.0.1:{@value #DEFAULT_JWKS_PORT} ({@code -Dit.jwks.port}) with the issuer and key id the test
 * server trusts (src/test/liberty/config/server.env: its JWKS at /jwks), and the API's tokens.
 * One instance per test JVM.
 */
public final class TestAuthority {

    static final int DEFAULT_JWKS_PORT = 29090;
    // must match src/test/liberty/config/server.env
    public static final String ISSUER_PATH = "/realms/stocks-it";
    public static final String API_AUDIENCE = "http://localhost:18000/api";
    public static final String MCP_AUDIENCE = "http://localhost:18000/mcp";
    public static final String KEY_ID = "it-key-1";

    /** Scopes of a good API token: read, and trade (orders), as after a step-up. */
    public static final String READ_AND_TRADE = "openid stocks/read stocks/trade";

    private static TestAuthority instance;

    final FakeAuthorizationServer server;
    /** The key the JWKS serves. */
    final RSAKey signingKey;
    /** A key the JWKS does not have. */
    final RSAKey rogueKey;

    private TestAuthority() {
        server = FakeAuthorizationServer.builder().port(Integer.getInteger("it.jwks.port", DEFAULT_JWKS_PORT))
                .issuerPath(ISSUER_PATH).keyId(KEY_ID).start();
        signingKey = server.signingKey();
        rogueKey = server.unknownKey();
    }

    public static synchronized TestAuthority get() {
        if (instance == null) {
            instance = new TestAuthority();
        }
        return instance;
    }

    /** Claims of a good API token for a user of {@code region}, valid for 5 minutes, with {@link #READ_AND_TRADE}. */
    public JWTClaimsSet.Builder apiClaims(String user, String region) {
        JWTClaimsSet.Builder b = server.claims()
                .audience(API_AUDIENCE)
                .subject(UUID.nameUUIDFromBytes(user.getBytes(StandardCharsets.UTF_8)).toString())
                .claim("preferred_username", user)
                .claim("scope", READ_AND_TRADE);
        if (region != null) {
            b.claim("region", region);
        }
        return b;
    }

    public String sign(JWTClaimsSet claims) {
        return server.sign(claims);
    }

    public String sign(JWTClaimsSet claims, RSAKey key) {
        return FakeAuthorizationServer.sign(claims, key);
    }

    public String userToken(String user, String region) {
        return sign(apiClaims(user, region).build());
    }

    public String mcpClientToken(String user, String region, int assuranceLevel) {
        return sign(apiClaims(user, region).claim("client_type", "mcp")
                .claim("client_assurance_level", assuranceLevel).build());
    }
}
