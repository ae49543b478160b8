package example.mcpauth.mcp.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import example.mcpauth.mcp.tools.ToolScopes;
import org.junit.jupiter.api.Test;

class ToolScopeFilterTest {

    final ToolScopeFilter filter = new ToolScopeFilter("http://localhost:8000/mcp",
            ToolScopes.parse("fetch-stock-prices=stocks/read;place-stock-order=stocks/read stocks/trade", "stocks/read"));

    Object json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }

    @Test
    void aToolCallNeedsItsToolsScopesAndNothingElseNeedsMore() throws Exception {
        assertThat(filter.requiredScopes(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"place-stock-order\",\"arguments\":{}}}"))).containsExactly("stocks/read", "stocks/trade");
        assertThat(filter.requiredScopes(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"fetch-stock-prices\"}}"))).containsExactly("stocks/read");
        assertThat(filter.requiredScopes(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))).isEmpty();
        // a batch needs the union of its calls' scopes
        assertThat(filter.requiredScopes(json("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"fetch-stock-prices\"}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"place-stock-order\"}}]")))
                .containsExactly("stocks/read", "stocks/trade");
        assertThat(filter.requiredScopes(null)).isEmpty();
    }
}
