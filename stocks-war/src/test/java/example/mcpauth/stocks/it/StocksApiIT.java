package example.mcpauth.stocks.it;

import static example.mcpauth.stocks.it.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API over HTTP with valid tokens: region filtering, the reserved order operation, error bodies. */
class StocksApiIT extends ApiOverHttp {

    @SuppressWarnings("unchecked")
    private static List<String> symbols(HttpResponse<String> response) {
        return Http.jsonArray(response).stream().map(o -> (String) ((Map<String, Object>) o).get("symbol")).toList();
    }

    @Test
    void readyWhenTheJwksHasKeys() {
        // TestAuthority serves the JWKS this server validates with (AS_JWKS_URL)
        URI health = URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/health/ready");
        HttpResponse<String> r = Http.get(health, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("stocks-api").contains("1 key(s)");
    }

    @Test
    void deployedAtApi() {
        assertThat(base.getPath()).startsWith("/api");
    }

    @Test
    void usaUserSeesOnlyUsaStocks() {
        HttpResponse<String> r = Http.get(uri("/stocks"), bearer(as.userToken("john.doe@demo.example", "USA")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(symbols(r)).containsExactly("COM1", "COM4", "COM5");
        @SuppressWarnings("unchecked")
        Map<String, Object> com1 = (Map<String, Object>) Http.jsonArray(r).stream()
                .filter(o -> "COM1".equals(((Map<?, ?>) o).get("symbol"))).findFirst().orElseThrow();
        assertThat(com1).containsEntry("region", "USA").containsEntry("currency", "USD").containsKeys("name", "priceTime");
        assertThat(((Number) com1.get("price")).doubleValue()).isEqualTo(450.22);
        Http.jsonArray(r).forEach(o -> assertThat(((Map<?, ?>) o).get("region")).isEqualTo("USA"));
    }

    @Test
    void europeUserSeesOnlyEuropeStocks() {
        HttpResponse<String> r = Http.get(uri("/stocks"), bearer(as.userToken("jane.test@demo.example", "Europe")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(symbols(r)).containsExactly("COM2", "COM3", "COM6");
        Http.jsonArray(r).forEach(o -> {
            assertThat(((Map<?, ?>) o).get("region")).isEqualTo("Europe");
            assertThat(((Map<?, ?>) o).get("currency")).isEqualTo("EUR");
        });
    }

    @Test
    void mcpClientMayReadStocks() {
        HttpResponse<String> r = Http.get(uri("/stocks"), bearer(as.mcpClientToken("john.doe@demo.example", "USA", 1)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(symbols(r)).containsExactly("COM1", "COM4", "COM5");
    }

    /** POST /orders for 5 COM1 with this token. */
    private HttpResponse<String> orderFiveCom1(String token) {
        return Http.postJson(uri("/orders"), bearer(token), "{\"symbol\":\"COM1\",\"quantity\":5}");
    }

    @Test
    void weakMcpClientMayNotPlaceOrders() {
        HttpResponse<String> r = orderFiveCom1(as.mcpClientToken("john.doe@demo.example", "USA", 1));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        Map<String, Object> body = Http.jsonObject(r);
        assertThat(body).containsEntry("code", "insufficient_client_assurance");
        assertThat((String) body.get("message")).contains("client assurance level 1", "level 2 or higher");
        assertThat(Http.wwwAuthenticate(r))
                .isEqualTo("Bearer realm=\"stocks-api\", error_description=\"insufficient_client_assurance\"");
    }

    /** An order by an MCP client of this assurance level whose token has {@code scope} (no stocks/trade): 403 insufficient_scope. */
    private HttpResponse<String> orderWithoutTradeScope(String scope, int assuranceLevel) {
        String readOnly = as.sign(as.apiClaims("john.doe@demo.example", "USA").claim("scope", scope)
                .claim("client_type", "mcp").claim("client_assurance_level", assuranceLevel).build());
        HttpResponse<String> r = orderFiveCom1(readOnly);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(Http.jsonObject(r)).containsEntry("code", "insufficient_scope");
        return r;
    }

    @Test
    void weakMcpClientWithoutTradeScopeGetsTheStepUpChallengeFirst() {
        // scope is necessary, not sufficient: without stocks/trade a 403 insufficient_scope names both scopes;
        // with it (weakMcpClientMayNotPlaceOrders) the assurance rule still refuses this client with its reason
        HttpResponse<String> r = orderWithoutTradeScope("openid stocks/read", 1);
        assertThat(Http.wwwAuthenticate(r)).contains("error=\"insufficient_scope\"", "scope=\"stocks/read stocks/trade\"");
    }

    @Test
    void strongMcpClientWithoutTradeScopeMayNotPlaceOrders() {
        orderWithoutTradeScope("stocks/read", 2);
    }

    @Test
    void strongMcpClientPlacesOrder() {
        HttpResponse<String> r = orderFiveCom1(as.mcpClientToken("john.doe@demo.example", "USA", 2));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        Map<String, Object> order = Http.jsonObject(r);
        assertThat(order).containsEntry("symbol", "COM1").containsEntry("quantity", 5L)
                .containsEntry("currency", "USD").containsEntry("status", "ACCEPTED").containsKey("id");
        assertThat(((Number) order.get("total")).doubleValue()).isEqualTo(2251.10);
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/api/orders/" + order.get("id")));
    }

    @Test
    void userWithoutClientTypePlacesOrder() {
        HttpResponse<String> r = Http.postJson(uri("/orders"), bearer(as.userToken("jane.test@demo.example", "Europe")),
                "{\"symbol\":\"COM3\",\"quantity\":100}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(Http.jsonObject(r)).containsEntry("symbol", "COM3").containsEntry("currency", "EUR");
    }

    @Test
    void orderForAnotherRegionIsRefused() {
        HttpResponse<String> r = Http.postJson(uri("/orders"), bearer(as.userToken("jane.test@demo.example", "Europe")),
                "{\"symbol\":\"COM1\",\"quantity\":1}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(Http.jsonObject(r)).containsEntry("code", "region_not_allowed");
    }

    @Test
    void invalidOrdersAre400WithReadableReason() {
        String token = bearer(as.userToken("john.doe@demo.example", "USA"));
        HttpResponse<String> noQuantity = Http.postJson(uri("/orders"), token, "{\"symbol\":\"COM1\"}");
        assertThat(noQuantity.statusCode()).isEqualTo(400);
        assertThat(Http.jsonObject(noQuantity)).containsEntry("code", "invalid_order");
        HttpResponse<String> zero = Http.postJson(uri("/orders"), token, "{\"symbol\":\"COM1\",\"quantity\":0}");
        assertThat(Http.jsonObject(zero)).containsEntry("code", "invalid_order");
        HttpResponse<String> unknown = Http.postJson(uri("/orders"), token, "{\"symbol\":\"NOPE\",\"quantity\":1}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Http.jsonObject(unknown)).containsEntry("code", "unknown_symbol");
    }

    @Test
    void brokenJsonIs400WithoutStackTrace() {
        String token = bearer(as.userToken("john.doe@demo.example", "USA"));
        for (String body : new String[] {"{\"symbol\": ", "[1,2]", "{\"symbol\":\"COM1\",\"quantity\":\"many\"}"}) {
            HttpResponse<String> r = Http.postJson(uri("/orders"), token, body);
            assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(400);
            assertThat(Http.jsonObject(r)).containsEntry("code", "invalid_json");
            assertThat(r.body()).doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void unknownPathWrongMethodAndMediaTypeAreJson() {
        String token = bearer(as.userToken("john.doe@demo.example", "USA"));
        HttpResponse<String> notFound = Http.get(uri("/nothing-here"), token);
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(Http.jsonObject(notFound)).containsEntry("code", "not_found");

        HttpResponse<String> wrongMethod = Http.send(Http.base(uri("/stocks"), token)
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(Http.jsonObject(wrongMethod)).containsEntry("code", "method_not_allowed");

        HttpResponse<String> wrongType = Http.send(Http.base(uri("/orders"), token).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("COM1 x 5")).build());
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(Http.jsonObject(wrongType)).containsEntry("code", "unsupported_media_type");
    }

    @Test
    void aCompressedOrUnreadableBodyIsAJsonErrorWithoutStackTrace() {
        String token = bearer(as.userToken("john.doe@demo.example", "USA"));
        for (String encoding : new String[] {"gzip", "deflate"}) {
            HttpResponse<String> r = Http.send(Http.base(uri("/orders"), token).header("Content-Type", "application/json")
                    .header("Content-Encoding", encoding)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"symbol\":\"COM1\",\"quantity\":1}")).build());
            assertThat(r.statusCode()).as(encoding + " -> " + r.body()).isEqualTo(415);
            assertThat(Http.jsonObject(r)).containsEntry("code", "unsupported_content_encoding");
            assertThat(r.body()).doesNotContain("Exception", "\tat ", "<html");
        }
    }

    @Test
    void unknownPathWithoutTokenIs401NotInformation() {
        HttpResponse<String> r = Http.get(uri("/nothing-here"), null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(Http.jsonObject(r)).containsEntry("code", "missing_token");
    }
}
