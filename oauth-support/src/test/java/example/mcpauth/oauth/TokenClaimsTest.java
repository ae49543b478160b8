package example.mcpauth.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class TokenClaimsTest {

    /** A token whose claim {@code name} is the JSON value {@code json}, as Liberty hands it over. */
    static JsonWebToken token(String name, String json) {
        JsonWebToken jwt = mock(JsonWebToken.class);
        JsonValue value = Json.createReader(new StringReader("{\"v\":" + json + "}")).readObject().get("v");
        when(jwt.getClaim(name)).thenReturn(value);
        return jwt;
    }

    static JsonWebToken javaClaim(String name, Object value) {
        JsonWebToken jwt = mock(JsonWebToken.class);
        when(jwt.getClaim(name)).thenReturn(value);
        return jwt;
    }

    @Test
    void scopeIsASpaceSeparatedString() {
        assertThat(TokenClaims.scopes(token("scope", "\"openid stocks/read\""))).containsExactlyInAnyOrder("openid", "stocks/read");
        assertThat(TokenClaims.scopes(javaClaim("scope", "stocks/read stocks/trade"))).containsExactlyInAnyOrder("stocks/read", "stocks/trade");
        assertThat(TokenClaims.scopes(mock(JsonWebToken.class))).isEmpty();
    }

    @Test
    void scopeInAnyOtherShapeIsRefused() {
        for (String json : new String[] {"[\"stocks/read\"]", "1", "true", "{}", "\"\"", "\" stocks/read\"",
                "\"stocks/read \"", "\"openid  stocks/read\"", "\"openid\\tstocks/read\"", "\"stocks/r\u00e9ad\""}) {
            assertThatThrownBy(() -> TokenClaims.scopes(token("scope", json)), json).isInstanceOf(InvalidClaim.class);
        }
    }

    @Test
    void textClaimsAreExact() {
        assertThat(TokenClaims.text(token("region", "\"USA\""), "region")).isEqualTo("USA");
        assertThat(TokenClaims.text(token("region", "\"usa\""), "region")).isEqualTo("usa");
        assertThat(TokenClaims.text(mock(JsonWebToken.class), "region")).isNull();
        assertThat(TokenClaims.text(token("region", "null"), "region")).isNull();
        for (String json : new String[] {"\"USA \"", "\" USA\"", "\"\"", "[\"USA\"]", "1", "{\"r\":\"USA\"}"}) {
            assertThatThrownBy(() -> TokenClaims.text(token("region", json), "region"), json).isInstanceOf(InvalidClaim.class);
        }
    }

    @Test
    void numberClaimsAreJsonIntegers() {
        assertThat(TokenClaims.integer(token("client_assurance_level", "2"), "client_assurance_level")).isEqualTo(2);
        assertThat(TokenClaims.integer(javaClaim("client_assurance_level", 3L), "client_assurance_level")).isEqualTo(3);
        assertThat(TokenClaims.integer(mock(JsonWebToken.class), "client_assurance_level")).isNull();
        for (String json : new String[] {"\"5\"", "1.5", "[1]", "true", "99999999999"}) {
            assertThatThrownBy(() -> TokenClaims.integer(token("client_assurance_level", json), "client_assurance_level"), json)
                    .isInstanceOf(InvalidClaim.class);
        }
    }
}
