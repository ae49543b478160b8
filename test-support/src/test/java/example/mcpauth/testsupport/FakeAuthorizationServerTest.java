package example.mcpauth.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeAuthorizationServerTest {

    private static final String MCP = "http://localhost:1/mcp";
    private static final String API = "http://localhost:1/api";

    private final FakeAuthorizationServer as = FakeAuthorizationServer.builder().issuerPath("/realms/t").keyId("k1").start();
    private final Http http = new Http();

    @AfterEach
    void stop() {
        as.close();
    }

    private String userToken() {
        return as.sign(as.claims().audience(MCP).subject("john").claim("scope", "openid stocks/read")
                .claim("region", "USA").claim("client_type", "mcp").claim("client_assurance_level", 1).build());
    }

    @Test
    void servesThePublicKeyAndItsTokensVerify() throws Exception {
        JsonNode jwks = http.getJson(as.jwksUri());
        assertThat(jwks.path("keys")).hasSize(1);
        assertThat(jwks.path("keys").get(0).path("kid").asText()).isEqualTo("k1");
        assertThat(jwks.path("keys").get(0).has("d")).as("no private part").isFalse();
        assertThat(as.jwksRequests()).isEqualTo(1);

        String token = userToken();
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("k1");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(as.issuer()).endsWith("/realms/t");
        assertThat(JWKSet.parse(jwks.toString()).getKeyByKeyId("k1").toRSAKey().toRSAPublicKey())
                .isEqualTo(as.signingKey().toRSAPublicKey());
        assertThat(as.verify(token, MCP)).map(JWTClaimsSet::getSubject).contains("john");
    }

    @Test
    void verifyRefusesOtherAudiencesKeysIssuersAndExpiredTokens() {
        assertThat(as.verify(userToken(), API)).isEmpty();
        assertThat(as.verify(FakeAuthorizationServer.sign(as.claims().audience(MCP).build(), as.unknownKey()), MCP)).isEmpty();
        assertThat(as.verify(as.sign(as.claims().audience(MCP).issuer("http://elsewhere").build()), MCP)).isEmpty();
        assertThat(as.verify(as.sign(as.claims(Duration.ofSeconds(-1)).audience(MCP).build()), MCP)).isEmpty();
        assertThat(as.verify("not.a.jwt", MCP)).isEmpty();
    }

    @Test
    void metadataNamesTheEndpointsAtTheConfiguredLocations() {
        as.metadata().put("registration_endpoint", as.baseUrl() + "/register");
        JsonNode md = http.getJson(as.baseUrl() + "/.well-known/oauth-authorization-server/realms/t");
        assertThat(md.path("issuer").asText()).isEqualTo(as.issuer());
        assertThat(md.path("jwks_uri").asText()).isEqualTo(as.jwksUri());
        assertThat(md.path("token_endpoint").asText()).isEqualTo(as.tokenEndpoint());
        assertThat(md.path("registration_endpoint").asText()).endsWith("/register");
        assertThat(http.get(as.issuer() + "/.well-known/openid-configuration").statusCode()).isEqualTo(200);
        as.metadataLocations(FakeAuthorizationServer.MetadataLocation.OIDC_PATH_INSERTED);
        assertThat(http.get(as.issuer() + "/.well-known/openid-configuration").statusCode()).isEqualTo(404);
        assertThat(http.get(as.baseUrl() + "/.well-known/openid-configuration/realms/t").statusCode()).isEqualTo(200);
    }

    @Test
    void tokenExchangeIssuesAnApiTokenCarryingTheUsersClaims() {
        TokenExchangeGrant exchange = new TokenExchangeGrant(as).client("mcp-server", "s3cret")
                .subjectAudience(MCP).audience(API).scope("stocks/read");
        as.grant(TokenExchangeGrant.GRANT_TYPE, exchange);
        HttpResponse<String> r = http.postForm(as.tokenEndpoint(), Http.params(
                "grant_type", TokenExchangeGrant.GRANT_TYPE, "subject_token", userToken(),
                "subject_token_type", TokenExchangeGrant.ACCESS_TOKEN_TYPE, "audience", API, "scope", "stocks/read"),
                "Authorization", Http.basic("mcp-server", "s3cret"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = Http.json(r);
        assertThat(body.path("issued_token_type").asText()).isEqualTo(TokenExchangeGrant.ACCESS_TOKEN_TYPE);
        assertThat(body.path("expires_in").asLong()).isEqualTo(300);
        JWTClaimsSet api = as.verify(body.path("access_token").asText(), API).orElseThrow();
        assertThat(api.getSubject()).isEqualTo("john");
        assertThat(api.getClaims()).containsEntry("scope", "stocks/read").containsEntry("region", "USA")
                .containsEntry("client_type", "mcp").containsEntry("client_assurance_level", 1L);
        assertThat(as.verify(body.path("access_token").asText(), MCP)).as("not for the MCP server").isEmpty();
        assertThat(exchange.rejections()).isEmpty();
        assertThat(as.tokenRequests()).hasSize(1);
    }

    @Test
    void tokenExchangeRefusesWhatIsNotExactlyTheAgreedExchange() {
        TokenExchangeGrant exchange = new TokenExchangeGrant(as).client("mcp-server", "s3cret")
                .subjectAudience(MCP).audience(API).scope("stocks/read");
        as.grant(TokenExchangeGrant.GRANT_TYPE, exchange);
        Map<String, String> good = Map.of("grant_type", TokenExchangeGrant.GRANT_TYPE, "subject_token", userToken(),
                "subject_token_type", TokenExchangeGrant.ACCESS_TOKEN_TYPE, "audience", API, "scope", "stocks/read",
                "client_id", "mcp-server", "client_secret", "s3cret");
        assertThat(http.postForm(as.tokenEndpoint(), with(good, "client_secret", "wrong")).statusCode()).isEqualTo(400);
        assertThat(http.postForm(as.tokenEndpoint(), with(good, "audience", MCP)).statusCode()).isEqualTo(400);
        assertThat(http.postForm(as.tokenEndpoint(), with(good, "scope", "openid")).statusCode()).isEqualTo(400);
        HttpResponse<String> wrongSubject = http.postForm(as.tokenEndpoint(), with(good, "subject_token",
                as.sign(as.claims().audience(API).subject("x").build())));
        assertThat(Http.json(wrongSubject).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(exchange.rejections()).containsExactly("client credentials", "audience", "scope", "subject_token");
        assertThat(http.postForm(as.tokenEndpoint(), good).statusCode()).isEqualTo(200);
    }

    @Test
    void withGrantRequestedScopesTheTokenHasTheRequestedScopesTheSubjectHolds() {
        TokenExchangeGrant exchange = new TokenExchangeGrant(as).client("mcp-server", "s3cret")
                .subjectAudience(MCP).audience(API).scope("stocks/read").grantRequestedScopes();
        as.grant(TokenExchangeGrant.GRANT_TYPE, exchange);
        String trader = as.sign(as.claims().audience(MCP).subject("john").claim("scope", "stocks/read stocks/trade").build());
        Map<String, String> request = Map.of("grant_type", TokenExchangeGrant.GRANT_TYPE, "subject_token", userToken(),
                "subject_token_type", TokenExchangeGrant.ACCESS_TOKEN_TYPE, "audience", API, "scope", "stocks/read",
                "client_id", "mcp-server", "client_secret", "s3cret");

        HttpResponse<String> read = http.postForm(as.tokenEndpoint(), request);
        assertThat(Http.json(read).path("scope").asText()).isEqualTo("stocks/read");
        HttpResponse<String> both = http.postForm(as.tokenEndpoint(), with(with(request, "subject_token", trader),
                "scope", "stocks/read stocks/trade"));
        assertThat(both.statusCode()).as(both.body()).isEqualTo(200);
        assertThat(as.verify(Http.json(both).path("access_token").asText(), API).orElseThrow().getClaim("scope"))
                .isEqualTo("stocks/read stocks/trade");
        // the user token holds stocks/read only: no exchange adds stocks/trade
        HttpResponse<String> notHeld = http.postForm(as.tokenEndpoint(), with(request, "scope", "stocks/read stocks/trade"));
        assertThat(notHeld.statusCode()).isEqualTo(400);
        assertThat(Http.json(notHeld).path("error").asText()).isEqualTo("invalid_scope");
        // the required scope is still required
        assertThat(http.postForm(as.tokenEndpoint(), with(with(request, "subject_token", trader), "scope", "stocks/trade"))
                .statusCode()).isEqualTo(400);
        assertThat(exchange.rejections()).containsExactly("scope not granted", "scope");
    }

    @Test
    void theMetadataEditorSeesEachRequest() {
        java.util.concurrent.atomic.AtomicBoolean dcr = new java.util.concurrent.atomic.AtomicBoolean(true);
        as.metadata().put("registration_endpoint", as.baseUrl() + "/register");
        as.onMetadataRequest(md -> {
            if (!dcr.get()) {
                md.remove("registration_endpoint");
            }
            md.put("issuer", "http://override.example");
        });
        String url = as.baseUrl() + "/.well-known/oauth-authorization-server/realms/t";
        assertThat(http.getJson(url).has("registration_endpoint")).isTrue();
        dcr.set(false);
        JsonNode md = http.getJson(url);
        assertThat(md.has("registration_endpoint")).isFalse();
        assertThat(md.path("issuer").asText()).isEqualTo("http://override.example");
        assertThat(md.path("token_endpoint").asText()).isEqualTo(as.tokenEndpoint());
    }

    @Test
    void unknownGrantTypesAndPathsAreRefusedAndRoutesWin() {
        HttpResponse<String> r = http.postForm(as.tokenEndpoint(), Map.of("grant_type", "password"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.json(r).path("error").asText()).isEqualTo("unsupported_grant_type");
        assertThat(http.get(as.baseUrl() + "/nothing").statusCode()).isEqualTo(404);
        as.route("/mint", ex -> TestHttpServer.send(ex, 200, "text/plain", userToken()));
        as.route("/jwks", ex -> TestHttpServer.send(ex, 503, "text/plain", "down"));
        assertThat(as.verify(http.get(as.baseUrl() + "/mint?sub=x").body(), MCP)).isPresent();
        assertThat(http.get(as.jwksUri()).statusCode()).isEqualTo(503);
        assertThat(as.requests()).extracting(FakeAuthorizationServer.Request::path).contains("/mint", "/jwks");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new java.util.LinkedHashMap<>(base);
        m.put(key, value);
        return m;
    }
}
