package example.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BearerChallengeTest {

    final BearerChallenge challenge = new BearerChallenge("http://localhost:8000/mcp", "stocks/read");

    @Test
    void metadataUrlIsTheResourceOriginPlusWellKnownPlusPath() {
        assertThat(BearerChallenge.resourceMetadataUrl("http://localhost:8000/mcp"))
                .isEqualTo("http://localhost:8000/.well-known/oauth-protected-resource/mcp");
        assertThat(BearerChallenge.resourceMetadataUrl("https://mcp.example.com"))
                .isEqualTo("https://mcp.example.com/.well-known/oauth-protected-resource");
        assertThat(BearerChallenge.resourceMetadataUrl("https://example.com/tools/mcp"))
                .isEqualTo("https://example.com/.well-known/oauth-protected-resource/tools/mcp");
        assertThatThrownBy(() -> BearerChallenge.resourceMetadataUrl("/mcp")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingToken() {
        assertThat(challenge.missingToken()).isEqualTo(
                "Bearer resource_metadata=\"http://localhost:8000/.well-known/oauth-protected-resource/mcp\", scope=\"stocks/read\"");
    }

    @Test
    void invalidToken() {
        assertThat(challenge.invalidToken())
                .startsWith("Bearer error=\"invalid_token\", error_description=\"")
                .contains("resource_metadata=\"http://localhost:8000/.well-known/oauth-protected-resource/mcp\"")
                .contains("scope=\"stocks/read\"")
                .doesNotContain("realm");
    }

    @Test
    void insufficientScope() {
        assertThat(challenge.insufficientScope())
                .startsWith("Bearer error=\"insufficient_scope\"")
                .contains("scope=\"stocks/read\"")
                .contains("resource_metadata=\"http://localhost:8000/.well-known/oauth-protected-resource/mcp\"");
    }
}
