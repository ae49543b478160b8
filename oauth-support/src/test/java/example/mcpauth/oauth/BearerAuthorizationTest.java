package example.mcpauth.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import example.mcpauth.oauth.BearerAuthorization.Refusal;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class BearerAuthorizationTest {

    static final String PRM = "http://localhost:8000/.well-known/oauth-protected-resource/mcp";
    final BearerAuthorization mcp = new BearerAuthorization(null, PRM, "this MCP server");
    final BearerAuthorization api = new BearerAuthorization("stocks-api", null, "this API");

    static HttpServletRequest request(Principal principal, String... authorization) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getHeaders("Authorization")).thenAnswer(i -> Collections.enumeration(List.of(authorization)));
        when(request.getUserPrincipal()).thenReturn(principal);
        return request;
    }

    static JsonWebToken jwt(String scope) {
        JsonWebToken jwt = mock(JsonWebToken.class);
        when(jwt.getRawToken()).thenReturn(BearerTokenTest.JWT);
        when(jwt.getClaim("scope")).thenReturn(scope);
        return jwt;
    }

    @Test
    void noTokenIsA401WithoutErrorCodeNamingTheMetadataAndScope() {
        Refusal r = mcp.check(request(null), List.of("stocks/read")).orElseThrow();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.challenge()).isEqualTo("Bearer resource_metadata=\"" + PRM + "\", scope=\"stocks/read\"");
        assertThat(r.code()).isEqualTo("missing_token");
    }

    @Test
    void basicIsNoBearerTokenSoNoErrorCode() {
        Refusal r = api.check(request(null, "Basic dXNlcjpwYXNz"), List.of("stocks/read")).orElseThrow();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.challenge()).isEqualTo("Bearer realm=\"stocks-api\", scope=\"stocks/read\"").doesNotContain("error=");
    }

    @Test
    void twoHeadersAreABadRequestEvenWhenLibertyAcceptedTheFirst() {
        Refusal r = mcp.check(request(jwt("stocks/read"), "Bearer " + BearerTokenTest.JWT, "Bearer " + BearerTokenTest.JWT),
                List.of("stocks/read")).orElseThrow();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.challenge()).contains("error=\"invalid_request\"");
    }

    @Test
    void aNonCanonicalSpellingIsInvalidEvenWhenLibertyAcceptedIt() {
        Refusal r = mcp.check(request(jwt("stocks/read"), "Bearer " + BearerTokenTest.JWT + "=="), List.of("stocks/read"))
                .orElseThrow();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.challenge()).contains("error=\"invalid_token\"").contains("resource_metadata=\"" + PRM + "\"");
    }

    @Test
    void aTokenLibertyRejectedIsInvalid() {
        Refusal r = api.check(request(null, "Bearer " + BearerTokenTest.JWT), List.of("stocks/read")).orElseThrow();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.challenge()).startsWith("Bearer realm=\"stocks-api\", error=\"invalid_token\"");
    }

    @Test
    void anotherSpellingOfTheSchemeIsAuthenticatedByTheContainer() throws Exception {
        for (String scheme : new String[] {"bearer", "BEARER", "bEaReR"}) {
            HttpServletRequest request = request(null, scheme + " " + BearerTokenTest.JWT);
            HttpServletResponse response = mock(HttpServletResponse.class);
            JsonWebToken jwt = jwt("stocks/read");
            when(request.getUserPrincipal()).thenReturn(null, jwt);
            when(request.authenticate(response)).thenReturn(true);
            assertThat(api.check(request, response, List.of("stocks/read"))).as(scheme).isEmpty();
            verify(request).authenticate(response);
        }
    }

    @Test
    void anotherSpellingWithATokenTheContainerRejectsIsInvalid() throws Exception {
        HttpServletRequest request = request(null, "bearer " + BearerTokenTest.JWT);
        HttpServletResponse response = mock(HttpServletResponse.class);
        when(request.authenticate(response)).thenThrow(new ServletException("rejected"));
        Refusal r = api.check(request, response, List.of("stocks/read")).orElseThrow();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.challenge()).startsWith("Bearer realm=\"stocks-api\", error=\"invalid_token\"");
        assertThat(r.message()).contains("rejected");
    }

    @Test
    void theContainerIsAskedOnlyForAnotherSpellingOfABearerToken() throws Exception {
        HttpServletResponse response = mock(HttpServletResponse.class);
        HttpServletRequest canonical = request(jwt("stocks/read"), "Bearer " + BearerTokenTest.JWT);
        HttpServletRequest basic = request(null, "Basic dXNlcjpwYXNz");
        HttpServletRequest none = request(null);
        HttpServletRequest authenticated = request(jwt("stocks/read"), "bearer " + BearerTokenTest.JWT);
        for (HttpServletRequest request : List.of(canonical, basic, none, authenticated)) {
            api.check(request, response, List.of("stocks/read"));
            verify(request, never()).authenticate(any());
        }
    }

    @Test
    void aMalformedScopeClaimIsInvalid() {
        JsonWebToken jwt = jwt(null);
        when(jwt.getClaim("scope")).thenReturn(List.of("stocks/read"));
        Refusal r = api.check(request(jwt, "Bearer " + BearerTokenTest.JWT), List.of("stocks/read")).orElseThrow();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.message()).contains("scope claim");
    }

    @Test
    void everyMissingScopeIsNamedInOneChallenge() {
        Refusal r = mcp.check(request(jwt("openid stocks/read"), "Bearer " + BearerTokenTest.JWT),
                List.of("stocks/read", "stocks/trade")).orElseThrow();
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.challenge()).contains("error=\"insufficient_scope\"").contains("scope=\"stocks/read stocks/trade\"")
                .contains("resource_metadata=\"" + PRM + "\"");
    }

    @Test
    void aValidTokenWithTheScopesPasses() {
        Optional<Refusal> r = mcp.check(request(jwt("stocks/read stocks/trade"), "Bearer " + BearerTokenTest.JWT),
                List.of("stocks/read", "stocks/trade"));
        assertThat(r).isEmpty();
    }
}
