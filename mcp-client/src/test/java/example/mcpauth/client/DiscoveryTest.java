package example.mcpauth.client;

import static org.assertj.core.api.Assertions.assertThat;

import example.mcpauth.client.discovery.AuthorizationServerDiscovery;
import example.mcpauth.client.discovery.ProtectedResourceDiscovery;
import java.net.URI;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

    @Test
    void protectedResourceCandidatesInSpecOrder() {
        assertThat(ProtectedResourceDiscovery.candidates(URI.create("http://localhost:8000/mcp"), URI.create("http://localhost:8000/x")))
                .containsExactly(URI.create("http://localhost:8000/x"),
                        URI.create("http://localhost:8000/.well-known/oauth-protected-resource/mcp"),
                        URI.create("http://localhost:8000/.well-known/oauth-protected-resource"));
        assertThat(ProtectedResourceDiscovery.candidates(URI.create("https://h"), null))
                .containsExactly(URI.create("https://h/.well-known/oauth-protected-resource"));
    }

    @Test
    void authorizationServerCandidatesInSpecOrder() {
        assertThat(AuthorizationServerDiscovery.candidates(URI.create("http://localhost:8180/realms/mcp-demo")))
                .containsExactly(URI.create("http://localhost:8180/.well-known/oauth-authorization-server/realms/mcp-demo"),
                        URI.create("http://localhost:8180/.well-known/openid-configuration/realms/mcp-demo"),
                        URI.create("http://localhost:8180/realms/mcp-demo/.well-known/openid-configuration"));
        assertThat(AuthorizationServerDiscovery.candidates(URI.create("https://as.example/")))
                .containsExactly(URI.create("https://as.example/.well-known/oauth-authorization-server"),
                        URI.create("https://as.example/.well-known/openid-configuration"));
    }

    @Test
    void resourceMatching() {
        URI server = URI.create("http://localhost:8000/mcp");
        assertThat(ProtectedResourceDiscovery.resourceMatches(server, URI.create("http://localhost:8000/mcp"))).isTrue();
        assertThat(ProtectedResourceDiscovery.resourceMatches(server, URI.create("http://LOCALHOST:8000/mcp/"))).isTrue();
        assertThat(ProtectedResourceDiscovery.resourceMatches(server, URI.create("http://localhost:8000"))).isTrue();
        assertThat(ProtectedResourceDiscovery.resourceMatches(URI.create("https://h/mcp"), URI.create("https://h:443/mcp"))).isTrue();
        assertThat(ProtectedResourceDiscovery.resourceMatches(server, URI.create("http://localhost:8001/mcp"))).isFalse();
        assertThat(ProtectedResourceDiscovery.resourceMatches(server, URI.create("https://localhost:8000/mcp"))).isFalse();
        assertThat(ProtectedResourceDiscovery.resourceMatches(server, URI.create("http://localhost:8000/mcp2"))).isFalse();
        assertThat(ProtectedResourceDiscovery.resourceMatches(server, URI.create("http://localhost:8000/other"))).isFalse();
        assertThat(ProtectedResourceDiscovery.resourceMatches(server, URI.create("http://localhost:8000/mcp/sub"))).isFalse();
        assertThat(ProtectedResourceDiscovery.resourceMatches(server, URI.create("http://localhost:8000/mcp#f"))).isFalse();
    }
}
