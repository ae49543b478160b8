package example.mcpauth.client;

import static org.assertj.core.api.Assertions.assertThat;

import example.mcpauth.client.discovery.WwwAuthenticate;
import java.util.List;
import org.junit.jupiter.api.Test;

class WwwAuthenticateTest {

    @Test
    void readsBearerParametersWithQuotedCommasAndEscapes() {
        WwwAuthenticate w = WwwAuthenticate.parse("Bearer realm=\"a, b\", error=\"insufficient_scope\", "
                + "error_description=\"say \\\"hi\\\", then go\", scope=\"mcp:read mcp:write\", "
                + "resource_metadata=\"http://x/.well-known/oauth-protected-resource/mcp\"");
        assertThat(w.challenges()).hasSize(1);
        assertThat(w.bearer().orElseThrow().param("realm")).contains("a, b");
        assertThat(w.error()).contains("insufficient_scope");
        assertThat(w.bearerParam("error_description")).contains("say \"hi\", then go");
        assertThat(w.scope()).contains("mcp:read mcp:write");
        assertThat(w.resourceMetadata()).contains("http://x/.well-known/oauth-protected-resource/mcp");
    }

    @Test
    void severalChallengesInOneHeaderAndAcrossHeaders() {
        WwwAuthenticate w = WwwAuthenticate.parse(List.of("Basic realm=\"x\", Negotiate abc==, DPoP algs=\"ES256\"",
                "bearer Scope=read, resource_metadata=http://h/prm"));
        assertThat(w.challenges()).extracting(WwwAuthenticate.Challenge::scheme).containsExactly("Basic", "Negotiate", "DPoP", "bearer");
        assertThat(w.challenges().get(1).token68()).isEqualTo("abc==");
        assertThat(w.scope()).contains("read"); // names are case-insensitive, token values allowed
        assertThat(w.resourceMetadata()).contains("http://h/prm");
    }

    @Test
    void bareSchemesAndEmptyOrNullInput() {
        assertThat(WwwAuthenticate.parse("Bearer").bearer()).isPresent();
        assertThat(WwwAuthenticate.parse("Basic, Bearer error=invalid_token").error()).contains("invalid_token");
        assertThat(WwwAuthenticate.parse((String) null).challenges()).isEmpty();
        assertThat(WwwAuthenticate.parse(" , ").challenges()).isEmpty();
    }

    @Test
    void toleratesSpacesAroundEqualsAndUnterminatedQuotes() {
        WwwAuthenticate w = WwwAuthenticate.parse("Bearer scope = \"a b\" ,error=\"x");
        assertThat(w.scope()).contains("a b");
        assertThat(w.error()).contains("x");
    }
}
