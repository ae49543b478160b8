package example.mcpauth.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToolScopesTest {

    static final String TABLE = "fetch-stock-prices=stocks/read;place-stock-order=stocks/read stocks/trade";

    @Test
    void readsTheSharedTable() {
        ToolScopes scopes = ToolScopes.parse(TABLE, "stocks/read");
        assertThat(scopes.of("fetch-stock-prices")).containsExactly("stocks/read");
        assertThat(scopes.of("place-stock-order")).containsExactly("stocks/read", "stocks/trade");
        assertThat(scopes.scopeString("place-stock-order")).isEqualTo("stocks/read stocks/trade");
        assertThat(scopes.tools()).containsExactlyInAnyOrder("fetch-stock-prices", "place-stock-order");
        assertThat(scopes.meta("place-stock-order"))
                .isEqualTo(java.util.Map.of(ToolScopes.META_KEY, List.of("stocks/read", "stocks/trade")));
    }

    @Test
    void everyToolNeedsTheBaseScopeFirstAndAnUnlistedToolOnlyThat() {
        ToolScopes scopes = ToolScopes.parse(" place-stock-order = stocks/trade  stocks/read ; ;", "stocks/read");
        assertThat(scopes.of("place-stock-order")).containsExactly("stocks/read", "stocks/trade");
        assertThat(scopes.of("fetch-stock-prices")).isEqualTo(List.of("stocks/read"));
        assertThat(ToolScopes.parse("", "stocks/read").of("anything")).containsExactly("stocks/read");
    }

    @Test
    void aMalformedTableStopsTheServer() {
        assertThatThrownBy(() -> ToolScopes.parse("stocks/read stocks/trade", "stocks/read"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MCP_TOOL_SCOPES");
        assertThatThrownBy(() -> ToolScopes.parse("=stocks/read", "stocks/read")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ToolScopes.parse("a=x;a=y", "stocks/read")).hasMessageContaining("twice");
    }
}
