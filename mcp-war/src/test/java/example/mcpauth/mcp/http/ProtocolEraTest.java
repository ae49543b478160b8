package example.mcpauth.mcp.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProtocolEraTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void theMetaVersionOrTheHeaderMakesARequestModern() throws Exception {
        JsonNode modern = json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":"
                + "{\"io.modelcontextprotocol/protocolVersion\":\"2099-01-01\"}}}");
        JsonNode plain = json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertThat(ProtocolEra.of(null, modern)).isEqualTo(ProtocolEra.MODERN);
        assertThat(ProtocolEra.of("2025-11-25", modern)).isEqualTo(ProtocolEra.MODERN);
        assertThat(ProtocolEra.of("2026-07-28", plain)).isEqualTo(ProtocolEra.MODERN);
        assertThat(ProtocolEra.of(null, plain)).isEqualTo(ProtocolEra.CLASSIC);
        assertThat(ProtocolEra.of("2025-11-25", plain)).isEqualTo(ProtocolEra.CLASSIC);
        assertThat(ProtocolEra.of("2026-07-28", json("[" + plain + "]"))).isEqualTo(ProtocolEra.CLASSIC);
        assertThat(ProtocolEra.of(null, json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"2025-11-25\",\"_meta\":{}}}"))).isEqualTo(ProtocolEra.CLASSIC);
    }

    @Test
    void anUnknownVersionIsRefusedHereOnlyForInitializeEraMessages() {
        assertThat(ProtocolVersion.supported("2026-07-28")).isTrue();
        assertThat(ProtocolVersion.supported(null)).isTrue();
        assertThat(ProtocolVersion.refuses("2099-01-01", ProtocolEra.CLASSIC)).isTrue();
        assertThat(ProtocolVersion.refuses("2099-01-01", ProtocolEra.MODERN)).as("the SDK answers -32022").isFalse();
        assertThat(ProtocolVersion.refuses("2025-06-18", ProtocolEra.CLASSIC)).isFalse();
    }
}
