package example.mcpauth.stocks.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallersTest {

    @Test
    void scopesAreSpaceSeparated() {
        assertThat(Callers.scopes("openid  stocks/read\tprofile")).containsExactlyInAnyOrder("openid", "stocks/read", "profile");
        assertThat(Callers.scopes(null)).isEmpty();
        assertThat(Callers.scopes(" ")).isEmpty();
    }

    @Test
    void assuranceLevelAcceptsNumbersAndNumericStrings() {
        assertThat(Callers.integer(2L)).isEqualTo(2);
        assertThat(Callers.integer("3")).isEqualTo(3);
        assertThat(Callers.integer("high")).isNull();
        assertThat(Callers.integer(null)).isNull();
    }
}
