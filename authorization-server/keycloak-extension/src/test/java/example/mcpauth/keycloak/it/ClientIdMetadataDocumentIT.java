package example.mcpauth.keycloak.it;

import example.mcpauth.testsupport.Html;
import example.mcpauth.testsupport.Http;
import example.mcpauth.testsupport.KeycloakAdmin;
import example.mcpauth.testsupport.OAuthClient;
import example.mcpauth.testsupport.Stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Client ID Metadata Documents: the client_id is the URL of a JSON document the test serves. */
class ClientIdMetadataDocumentIT {

    private static final int PORT = 29200;
    private static final String CALLBACK = "http://127.0.0.1:29201/callback";
    private static HttpServer server;

    @BeforeAll
    static void serveDocuments() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
        server.createContext("/agents/", exchange -> {
            String url = "http://127.0.0.1:" + PORT + exchange.getRequestURI().getPath();
            String name = exchange.getRequestURI().getPath().replaceAll(".*/|\\.json$", "");
            byte[] body = Http.JSON.writeValueAsBytes(Map.of(
                    "client_id", url,
                    "client_name", "CIMD Agent " + name,
                    "redirect_uris", List.of(CALLBACK),
                    "token_endpoint_auth_method", "none",
                    "grant_types", List.of("authorization_code"),
                    "response_types", List.of("code")));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String documentUrl() {
        return "http://127.0.0.1:" + PORT + "/agents/" + OAuthClient.randomToken().substring(0, 10) + ".json";
    }

    private static String authorize(String clientId, String redirectUri) {
        return authorize(clientId, redirectUri, Stack.get("STOCKS_SCOPE"));
    }

    private static String authorize(String clientId, String redirectUri, String scope) {
        String verifier = OAuthClient.randomToken();
        return Stack.issuer() + "/protocol/openid-connect/auth?response_type=code"
                + "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8)
                + "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)
                + "&state=s1&code_challenge=" + OAuthClient.s256(verifier) + "&code_challenge_method=S256";
    }

    @Test
    void documentIsFetchedAndTheClientGetsThePolicy() {
        String clientId = documentUrl();
        HttpResponse<String> page = new Http().get(authorize(clientId, CALLBACK));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        String name = "CIMD Agent " + clientId.replaceAll(".*/|\\.json$", "");
        assertThat(Html.text(page.body(), "kc-client-request")).isEqualTo(name + " is requesting access");
        assertThat(Html.hasId(page.body(), "kc-email-form")).isTrue();

        JsonNode stored = new KeycloakAdmin().client(clientId);
        assertThat(stored.path("consentRequired").asBoolean()).isTrue();
        assertThat(stored.path("publicClient").asBoolean()).isTrue();
        assertThat(stored.path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");
        assertThat(stored.path("attributes").path("use.refresh.tokens").asText()).isEqualTo("false");
        assertThat(stored.path("attributes").path("client_type").asText()).isEqualTo("mcp");
        assertThat(stored.path("attributes").path("client_assurance_level").asText()).isEqualTo("1");
        // the read scope by default, the trade scope when the agent asks for it
        assertThat(new KeycloakAdmin().defaultScopes(stored.path("id").asText()).findValuesAsText("name")).contains(Stack.get("STOCKS_SCOPE"));
        assertThat(new KeycloakAdmin().optionalScopes(stored.path("id").asText())).contains(Stack.get("STOCKS_TRADE_SCOPE"));
        HttpResponse<String> both = new Http().get(authorize(clientId, CALLBACK, Stack.get("STOCKS_SCOPE") + " " + Stack.get("STOCKS_TRADE_SCOPE")));
        assertThat(both.statusCode()).as(both.body()).isEqualTo(200);
        assertThat(Html.hasId(both.body(), "kc-email-form")).isTrue();
    }

    @Test
    void redirectUriNotInTheDocumentIsRefused() {
        // first contact: the document is fetched and the redirect URI checked against it
        HttpResponse<String> page = new Http().get(authorize(documentUrl(), "http://127.0.0.1:29202/elsewhere"));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.body()).contains("Invalid Client Metadata: redirect_uri parameter does not exactly match");
    }

    @Test
    void redirectUriNotInTheDocumentIsRefusedForAKnownClient() {
        String clientId = documentUrl();
        assertThat(new Http().get(authorize(clientId, CALLBACK)).statusCode()).isEqualTo(200);
        HttpResponse<String> page = new Http().get(authorize(clientId, "http://127.0.0.1:29202/elsewhere"));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.body()).contains("redirect_uri");
    }
}
