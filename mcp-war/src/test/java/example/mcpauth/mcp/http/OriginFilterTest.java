package example.mcpauth.mcp.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginFilterTest {

    final OriginFilter filter = new OriginFilter("http://localhost:8000/mcp",
            List.of("http://localhost:6274", "http://127.0.0.1:6274"), List.of("127.0.0.1:9080", "localhost:9080"));

    @Test
    void originWithoutHeaderIsAllowed() {
        assertThat(filter.originAllowed(null)).isTrue();
        assertThat(filter.originAllowed("")).isTrue();
    }

    @Test
    void listedOriginsAndTheServersOwnOnlyExactly() {
        assertThat(filter.originAllowed("http://localhost:6274")).isTrue();
        assertThat(filter.originAllowed("http://127.0.0.1:6274")).isTrue();
        assertThat(filter.originAllowed("http://localhost:8000")).as("the gateway's own public origin").isTrue();
        assertThat(filter.originAllowed("http://evil.example")).isFalse();
        assertThat(filter.originAllowed("http://localhost:6275")).isFalse();
        assertThat(filter.originAllowed("http://localhost:6274.evil.example")).isFalse();
        assertThat(filter.originAllowed("null")).isFalse();
    }

    @Test
    void hostIsThePublicHostOrAListedLoopbackName() {
        assertThat(filter.hostAllowed("localhost:8000")).isTrue();
        assertThat(filter.hostAllowed("LOCALHOST:8000")).isTrue();
        assertThat(filter.hostAllowed("127.0.0.1:9080")).isTrue();
        assertThat(filter.hostAllowed("evil.example:8000")).isFalse();
        assertThat(filter.hostAllowed("localhost")).isFalse();
        assertThat(filter.hostAllowed(null)).isFalse();
        OriginFilter https = new OriginFilter("https://mcp.example.com/mcp", List.of(), List.of());
        assertThat(https.hostAllowed("mcp.example.com")).isTrue();
        assertThat(https.originAllowed("https://mcp.example.com")).isTrue();
    }

    @Test
    void protocolVersions() {
        assertThat(ProtocolVersion.supported(null)).isTrue();
        assertThat(ProtocolVersion.supported("2025-11-25")).isTrue();
        assertThat(ProtocolVersion.supported("2025-06-18")).isTrue();
        assertThat(ProtocolVersion.supported("2025-03-26")).isTrue();
        assertThat(ProtocolVersion.supported("2024-11-05")).isFalse();
        assertThat(ProtocolVersion.supported("garbage")).isFalse();
    }

    @Test
    void messagesThatMayNotReachTheSdk() {
        assertThat(JsonRpcRequestFilter.check("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}".getBytes())).isNull();
        assertThat(JsonRpcRequestFilter.check("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} x".getBytes()).code())
                .isEqualTo(JsonRpcError.PARSE_ERROR);
        JsonRpcError numeric = JsonRpcRequestFilter.check("{\"jsonrpc\":1,\"id\":5,\"method\":\"ping\"}".getBytes());
        assertThat(numeric.code()).isEqualTo(JsonRpcError.INVALID_REQUEST);
        assertThat(numeric.body().path("id").asInt()).isEqualTo(5);
        assertThat(JsonRpcRequestFilter.check("{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":1}".getBytes()).body()
                .path("id").isNull()).as("an id of the wrong type is not echoed").isTrue();
        assertThat(JsonRpcRequestFilter.check("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":1}}"
                .getBytes()).code()).isEqualTo(JsonRpcError.INVALID_PARAMS);
    }
}
