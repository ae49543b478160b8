package example.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class McpRequestChecksTest {

    final McpRequestChecks checks = new McpRequestChecks(List.of("http://localhost:6274", "http://127.0.0.1:6274"));

    @Test
    void originWithoutHeaderIsAllowed() {
        assertThat(checks.originAllowed(null)).isTrue();
        assertThat(checks.originAllowed("")).isTrue();
    }

    @Test
    void listedOriginsOnlyExactly() {
        assertThat(checks.originAllowed("http://localhost:6274")).isTrue();
        assertThat(checks.originAllowed("http://127.0.0.1:6274")).isTrue();
        assertThat(checks.originAllowed("http://evil.example")).isFalse();
        assertThat(checks.originAllowed("http://localhost:6275")).isFalse();
        assertThat(checks.originAllowed("http://localhost:6274.evil.example")).isFalse();
        assertThat(checks.originAllowed("null")).isFalse();
    }

    @Test
    void protocolVersions() {
        assertThat(McpRequestChecks.protocolVersionSupported(null)).isTrue();
        assertThat(McpRequestChecks.protocolVersionSupported("2025-11-25")).isTrue();
        assertThat(McpRequestChecks.protocolVersionSupported("2025-06-18")).isTrue();
        assertThat(McpRequestChecks.protocolVersionSupported("2025-03-26")).isTrue();
        assertThat(McpRequestChecks.protocolVersionSupported("2024-11-05")).isFalse();
        assertThat(McpRequestChecks.protocolVersionSupported("2099-01-01")).isFalse();
        assertThat(McpRequestChecks.protocolVersionSupported("garbage")).isFalse();
    }
}
