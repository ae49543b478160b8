package example.mcpauth.e2e;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TypeScript SDK's OAuth client registering with a Client ID Metadata Document that this test
 * publishes over https: the client_id is the document's URL, and Keycloak fetches the document.
 */
class TypeScriptSdkCimdIT {

    private static final Pattern AUTH_URL = Pattern.compile("AUTHORIZE (\\S+)");
    private static final int CALLBACK_PORT = 18477;
    private static HttpsServer server;
    private static String metadataUrl;
    private static final AtomicInteger fetches = new AtomicInteger();

    @BeforeAll
    static void publishClientMetadata() throws Exception {
        Path dir = Path.of(System.getProperty("e2e.cimd.dir"));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("cimd.p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        metadataUrl = "https://localhost:" + server.getAddress().getPort() + "/clients/typescript-agent.json";
        String redirect = "http://127.0.0.1:" + CALLBACK_PORT + "/callback";
        String document = """
                {"client_id": "%s", "client_name": "TypeScript SDK agent",
                 "redirect_uris": ["%s"], "grant_types": ["authorization_code"],
                 "response_types": ["code"], "token_endpoint_auth_method": "none"}
                """.formatted(metadataUrl, redirect);
        server.createContext("/clients/typescript-agent.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = document.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.stop(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {E2e.JOHN, E2e.JANE})
    void registersWithItsMetadataDocumentAndFetchesOnlyTheUsersRegion(String user) throws Exception {
        Path home = E2e.workDir("ts-sdk");
        Map<String, String> env = E2e.nodeEnv(home);
        env.put("MCP_SDK_DIR", E2e.nodeTools().resolve("@modelcontextprotocol/sdk").toString());
        Path script = E2e.stack().root().resolve("e2e-tests/src/test/node/sdk-cimd-client.mjs");
        List<String> cmd = List.of(E2e.node(), script.toString(), E2e.stack().mcpUrl(), metadataUrl,
                String.valueOf(CALLBACK_PORT));
        try (Cli client = new Cli("ts-sdk-client", cmd, home, env);
             Browser browser = new Browser(home, E2e.evidence())) {
            String authorizationUrl = client.await(AUTH_URL, Duration.ofSeconds(60));
            assertThat(authorizationUrl).startsWith(E2e.stack().issuer())
                    .contains("client_id=" + java.net.URLEncoder.encode(metadataUrl, StandardCharsets.UTF_8));
            browser.signIn(authorizationUrl, user, E2e.inbox(), Browser.Consent.APPROVE,
                    user.equals(E2e.JOHN) ? "ts-sdk-cimd" : null);
            assertThat(client.waitForExit(Duration.ofSeconds(60))).as(client.transcript()).isZero();
            assertThat(client.stderr()).contains("REGISTERED client_id=" + metadataUrl);
            assertThat(client.stdout()).contains("fetch-stock-prices");
            E2e.assertStocksFor(user, client.stdout());
            assertThat(fetches.get()).as("Keycloak fetched the metadata document").isPositive();
        }
    }
}
