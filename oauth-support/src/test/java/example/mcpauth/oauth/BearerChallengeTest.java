package example.mcpauth.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BearerChallengeTest {

    @Test
    void attributesInTheOrderGiven() {
        assertThat(BearerChallenge.bearer().realm("stocks-api").error("insufficient_scope").scope("stocks/read")
                .toHeader()).isEqualTo("Bearer realm=\"stocks-api\", error=\"insufficient_scope\", scope=\"stocks/read\"");
    }

    @Test
    void valuesAreQuotedSafely() {
        assertThat(BearerChallenge.bearer().description("say \"hi\" \\ bye\r\nX-Injected: 1").toHeader())
                .isEqualTo("Bearer error_description=\"say \\\"hi\\\" \\\\ byeX-Injected: 1\"");
    }

    @Test
    void aChallengeReadsBackAsItsAttributes() {
        String header = BearerChallenge.bearer().realm("r").error("insufficient_scope").description("say \"hi\"")
                .scope("stocks/read stocks/trade").toHeader();
        assertThat(BearerChallenge.parse(header)).containsExactly(java.util.Map.entry("realm", "r"),
                java.util.Map.entry("error", "insufficient_scope"), java.util.Map.entry("error_description", "say \"hi\""),
                java.util.Map.entry("scope", "stocks/read stocks/trade"));
        assertThat(BearerChallenge.parse(null)).isEmpty();
    }

    @Test
    void nullValuesAreLeftOutAndAnEmptyChallengeIsTheScheme() {
        assertThat(BearerChallenge.bearer().realm(null).error(null).toHeader()).isEqualTo("Bearer");
    }

    @Test
    void metadataUrlIsTheResourceOriginPlusWellKnownPlusPath() {
        assertThat(ResourceMetadataUrl.of("http://localhost:8000/mcp"))
                .isEqualTo("http://localhost:8000/.well-known/oauth-protected-resource/mcp");
        assertThat(ResourceMetadataUrl.of("https://mcp.example.com"))
                .isEqualTo("https://mcp.example.com/.well-known/oauth-protected-resource");
        assertThat(ResourceMetadataUrl.of("https://example.com/tools/mcp"))
                .isEqualTo("https://example.com/.well-known/oauth-protected-resource/tools/mcp");
        assertThatThrownBy(() -> ResourceMetadataUrl.of("/mcp")).isInstanceOf(IllegalArgumentException.class);
    }
}
