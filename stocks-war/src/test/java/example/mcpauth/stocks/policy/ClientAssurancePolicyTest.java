package example.mcpauth.stocks.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientAssurancePolicyTest {

    private final ClientAssurancePolicy policy = new ClientAssurancePolicy(2);

    private static Caller caller(String clientType, Integer level) {
        return new Caller("user-1", "USA", clientType, level, Set.of("stocks/read"));
    }

    @Test
    void mcpClientBelowMinimumIsRefusedWithReadableReason() {
        Caller weak = caller("mcp", 1);
        assertThat(policy.allowsSensitiveOperation(weak)).isFalse();
        assertThatThrownBy(() -> policy.requireSensitiveOperationAllowed(weak, "place orders"))
                .isInstanceOfSatisfying(AccessDenied.class, e -> {
                    assertThat(e.code()).isEqualTo("insufficient_client_assurance");
                    assertThat(e.getMessage()).contains("client assurance level 1", "may not place orders",
                            "level 2 or higher");
                });
    }

    @Test
    void mcpClientAtOrAboveMinimumIsAllowed() {
        assertThat(policy.allowsSensitiveOperation(caller("mcp", 2))).isTrue();
        assertThat(policy.allowsSensitiveOperation(caller("mcp", 3))).isTrue();
        assertThatCode(() -> policy.requireSensitiveOperationAllowed(caller("mcp", 2), "x")).doesNotThrowAnyException();
    }

    @Test
    void mcpClientWithoutLevelCountsAsZero() {
        assertThat(policy.allowsSensitiveOperation(caller("mcp", null))).isFalse();
        assertThatThrownBy(() -> policy.requireSensitiveOperationAllowed(caller("mcp", null), "place orders"))
                .hasMessageContaining("client assurance level none");
    }

    @Test
    void nonMcpClientsAreNotRestrictedByThisRule() {
        assertThat(policy.allowsSensitiveOperation(caller(null, null))).isTrue();
        assertThat(policy.allowsSensitiveOperation(caller("web", 0))).isTrue();
        // the claim value is compared exactly: "MCP" is not the documented value "mcp"
        assertThat(policy.allowsSensitiveOperation(caller("MCP", 0))).isTrue();
    }

    @Test
    void minimumIsConfigurable() {
        ClientAssurancePolicy strict = new ClientAssurancePolicy(3);
        assertThat(strict.minimumLevel()).isEqualTo(3);
        assertThat(strict.allowsSensitiveOperation(caller("mcp", 2))).isFalse();
        assertThat(new ClientAssurancePolicy(1).allowsSensitiveOperation(caller("mcp", 1))).isTrue();
    }
}
