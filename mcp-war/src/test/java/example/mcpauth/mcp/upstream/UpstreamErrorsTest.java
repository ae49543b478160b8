package example.mcpauth.mcp.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** Token endpoint and stocks API answers mapped to failures a person can act on. */
class UpstreamErrorsTest {

    @Test
    void exchangeRefusedCarriesErrorAndDescription() {
        UpstreamFailure f = TokenEndpointErrors.interpret(400, "{\"error\":\"invalid_grant\",\"error_description\":\"subject token expired\"}");
        assertThat(f.code()).isEqualTo("token_exchange_refused");
        assertThat(f.getMessage()).contains("error=invalid_grant").contains("subject token expired").contains("sign in again");
        assertThat(TokenEndpointErrors.interpret(401, "{\"error\":\"invalid_client\"}").getMessage())
                .contains("error=invalid_client").contains("MCP_SERVER_CLIENT_ID");
    }

    @Test
    void exchangeServerErrorOrUnreadableAnswer() {
        assertThat(TokenEndpointErrors.interpret(500, "<html>oops</html>").code()).isEqualTo("authorization_server_error");
        assertThat(TokenEndpointErrors.interpret(400, "not json").code()).isEqualTo("authorization_server_error");
    }

    @Test
    void unreachableDistinguishesTimeoutFromConnection() {
        assertThat(TokenExchange.unreachable(new ProcessingException(new SocketTimeoutException("read timed out"))).getMessage())
                .contains("timed out");
        assertThat(TokenExchange.unreachable(new ProcessingException(new ConnectException("refused"))).getMessage())
                .contains("connection failed");
        assertThat(TokenExchange.unreachable(new ProcessingException(new IllegalStateException("bad json"))).code())
                .isEqualTo("token_exchange_invalid_response");
    }

    @Test
    void api403InsufficientScopeSaysWhatToAskFor() {
        UpstreamFailure f = StocksApiErrors.interpret(403, "{\"code\":\"insufficient_scope\",\"message\":\"needs stocks/read\"}",
                "Bearer realm=\"stocks-api\", error=\"insufficient_scope\", error_description=\"needs stocks/read\", scope=\"stocks/read\"");
        assertThat(f.code()).isEqualTo("stocks_api_forbidden");
        assertThat(f.getMessage()).contains("403").contains("insufficient_scope").contains("Ask for the scope stocks/read");
    }

    @Test
    void api403BusinessRulePassesTheApisReason() {
        UpstreamFailure f = StocksApiErrors.interpret(403,
                "{\"code\":\"insufficient_client_assurance\",\"message\":\"needs client assurance level 2\"}",
                "Bearer realm=\"stocks-api\", error_description=\"insufficient_client_assurance\"");
        assertThat(f.code()).isEqualTo("stocks_api_forbidden");
        assertThat(f.getMessage()).contains("needs client assurance level 2").contains("not allowed");
    }

    @Test
    void api401IsUnauthorizedSoTheExchangedTokenIsForgotten() {
        UpstreamFailure f = StocksApiErrors.interpret(401, "", "Bearer error=\"invalid_token\"");
        assertThat(f.code()).isEqualTo(StocksApiErrors.UNAUTHORIZED);
        assertThat(f.getMessage()).contains("401").contains("invalid_token");
    }

    @Test
    void apiRejectedRequestNotFoundAndDown() {
        assertThat(StocksApiErrors.interpret(404, "{\"code\":\"unknown_symbol\",\"message\":\"No stock COM9\"}", null))
                .satisfies(f -> {
                    assertThat(f.code()).isEqualTo("stocks_api_rejected_request");
                    assertThat(f.getMessage()).contains("No stock COM9");
                });
        assertThat(StocksApiErrors.interpret(404, "", null).code()).isEqualTo("stocks_api_not_found");
        assertThat(StocksApiErrors.interpret(400, "{\"code\":\"invalid_order\",\"message\":\"quantity 1 to 10000\"}", null)
                .getMessage()).contains("quantity 1 to 10000");
        assertThat(StocksApiErrors.interpret(503, "", null).code()).isEqualTo("stocks_api_unavailable");
    }
}
