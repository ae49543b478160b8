package example.mcpauth.stocks.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerChallengeTest {

    @Test
    void missingTokenHasRealmAndNoErrorCode() {
        assertThat(BearerChallenge.missingToken("stocks-api")).isEqualTo("Bearer realm=\"stocks-api\"");
    }

    @Test
    void invalidToken() {
        assertThat(BearerChallenge.invalidToken("stocks-api", "expired"))
                .isEqualTo("Bearer realm=\"stocks-api\", error=\"invalid_token\", error_description=\"expired\"");
    }

    @Test
    void insufficientScopeNamesTheScope() {
        assertThat(BearerChallenge.insufficientScope("stocks-api", "stocks/read", "needs stocks/read"))
                .isEqualTo("Bearer realm=\"stocks-api\", error=\"insufficient_scope\", scope=\"stocks/read\", "
                        + "error_description=\"needs stocks/read\"");
    }

    @Test
    void valuesAreQuotedSafely() {
        assertThat(BearerChallenge.bearer().description("say \"hi\" \\ bye\r\nX-Injected: 1").toHeader())
                .isEqualTo("Bearer error_description=\"say \\\"hi\\\" \\\\ byeX-Injected: 1\"");
    }

    @Test
    void nullValuesAreLeftOutAndEmptyChallengeIsTheScheme() {
        assertThat(BearerChallenge.bearer().realm(null).error(null).toHeader()).isEqualTo("Bearer");
    }
}
