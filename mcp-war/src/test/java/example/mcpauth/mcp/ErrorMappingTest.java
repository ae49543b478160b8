package example.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** Token exchange and stocks API answers mapped to tool failures a person can act on. */
class ErrorMappingTest {

    @Test
    void successfulExchange() throws Exception {
        var exchanged = TokenExchange.interpret(200,
                "{\"access_token\":\"abc\",\"token_type\":\"Bearer\",\"expires_in\":300,\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\"}");
        assertThat(exchanged.accessToken()).isEqualTo("abc");
        assertThat(exchanged.expiresIn()).isEqualTo(300);
    }

    @Test
    void exchangeRefusedCarriesErrorAndDescription() {
        assertThatThrownBy(() -> TokenExchange.interpret(400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"subject token expired\"}"))
                .isInstanceOfSatisfying(ToolFailure.class, f -> {
                    assertThat(f.code()).isEqualTo("token_exchange_refused");
                    assertThat(f.getMessage()).contains("error=invalid_grant").contains("subject token expired")
                            .contains("sign in again");
                });
        assertThatThrownBy(() -> TokenExchange.interpret(401, "{\"error\":\"invalid_client\"}"))
                .hasMessageContaining("error=invalid_client").hasMessageContaining("mcp.server.client");
    }

    @Test
    void exchangeServerErrorAndMissingToken() {
        assertThatThrownBy(() -> TokenExchange.interpret(500, "<html>oops</html>"))
                .isInstanceOfSatisfying(ToolFailure.class, f -> assertThat(f.code()).isEqualTo("authorization_server_error"));
        assertThatThrownBy(() -> TokenExchange.interpret(200, "{}"))
                .isInstanceOfSatisfying(ToolFailure.class, f -> assertThat(f.code()).isEqualTo("token_exchange_invalid_response"));
    }

    @Test
    void unreachableDistinguishesTimeout() {
        assertThat(TokenExchange.unreachable(new RuntimeException(new SocketTimeoutException("read timed out"))).getMessage())
                .contains("timed out");
        assertThat(TokenExchange.unreachable(new RuntimeException(new ConnectException("refused"))).getMessage())
                .contains("connection failed");
    }

    @Test
    void apiSuccessReturnsBody() throws Exception {
        assertThat(StocksApi.interpret(200, "[{\"id\":\"COM1\"}]", null)).isEqualTo("[{\"id\":\"COM1\"}]");
    }

    @Test
    void api403InsufficientScopeSaysWhatItAskedFor() {
        assertThatThrownBy(() -> StocksApi.interpret(403, "{\"code\":\"insufficient_scope\",\"message\":\"needs stocks/read\"}",
                "Bearer error=\"insufficient_scope\", error_description=\"needs stocks/read\", scope=\"stocks/read\""))
                .isInstanceOfSatisfying(ToolFailure.class, f -> {
                    assertThat(f.code()).isEqualTo("stocks_api_forbidden");
                    assertThat(f.getMessage()).contains("403").contains("insufficient_scope").contains("stocks/read");
                });
    }

    @Test
    void api403MissingRegion() {
        assertThatThrownBy(() -> StocksApi.interpret(403, "{\"code\":\"forbidden\",\"message\":\"The token has no region claim\"}",
                "Bearer error=\"insufficient_claims\", error_description=\"region missing\""))
                .hasMessageContaining("region missing").hasMessageContaining("The token has no region claim");
    }

    @Test
    void api401AndDown() {
        assertThatThrownBy(() -> StocksApi.interpret(401, "", "Bearer error=\"invalid_token\""))
                .isInstanceOfSatisfying(ToolFailure.class, f -> {
                    assertThat(f.code()).isEqualTo("stocks_api_unauthorized");
                    assertThat(f.getMessage()).contains("401").contains("invalid_token");
                });
        assertThatThrownBy(() -> StocksApi.interpret(503, "", null))
                .isInstanceOfSatisfying(ToolFailure.class, f -> assertThat(f.code()).isEqualTo("stocks_api_unavailable"));
    }

    @Test
    void failureIsAnErrorToolResult() {
        McpSchema.CallToolResult result = FetchStockPricesTool.failure(new ToolFailure("x", "What went wrong. What to do."));
        assertThat(result.isError()).isTrue();
        assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("What went wrong. What to do.");
    }

    @Test
    void sdkErrorBodiesCarryNoStackTrace() throws Exception {
        String json = McpJson.objectMapper().writeValueAsString(
                McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST).message("Invalid message format").build());
        assertThat(json).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid message format\"}}");
        String other = McpJson.objectMapper().writeValueAsString(new IllegalStateException("secret detail"));
        assertThat(other).doesNotContain("stackTrace").doesNotContain("secret detail").contains("-32603");
    }
    @Test
    void ordersExpect201AndPassTheApisReasonOn403() throws Exception {
        assertThat(StocksApi.interpret(201, 201, "{\"id\":\"o1\"}", null)).isEqualTo("{\"id\":\"o1\"}");
        assertThatThrownBy(() -> StocksApi.interpret(200, 201, "{}", null))
                .isInstanceOfSatisfying(ToolFailure.class, f -> assertThat(f.code()).isEqualTo("stocks_api_unavailable"));
        assertThatThrownBy(() -> StocksApi.interpret(403, 201,
                "{\"code\":\"insufficient_client_assurance\",\"message\":\"needs client assurance level 2\"}",
                "Bearer error_description=\"client assurance level too low\""))
                .isInstanceOfSatisfying(ToolFailure.class, f -> {
                    assertThat(f.code()).isEqualTo("stocks_api_forbidden");
                    assertThat(f.getMessage()).contains("needs client assurance level 2").contains("not allowed");
                });
        assertThatThrownBy(() -> StocksApi.interpret(404, 201, "{\"code\":\"unknown_symbol\",\"message\":\"No stock COM9\"}", null))
                .isInstanceOfSatisfying(ToolFailure.class, f -> {
                    assertThat(f.code()).isEqualTo("stocks_api_rejected_request");
                    assertThat(f.getMessage()).contains("No stock COM9");
                });
    }
}
