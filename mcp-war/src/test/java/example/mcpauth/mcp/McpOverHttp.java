package example.mcpauth.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the tests that call the MCP server over HTTP share: mcp-war deployed to the managed test Liberty
 * (the tests run in the test JVM), its upstreams started ({@link FakeAuthorizationServer}, their failure
 * modes reset after each test), and a raw JSON-RPC POST to the MCP endpoint.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class McpOverHttp {

    static final String BASE = "http://localhost:29180";
    static final String MCP = BASE + "/mcp";
    static final String PRM_URL = BASE + "/.well-known/oauth-protected-resource/mcp";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.mcpWar();
    }

    @BeforeAll
    static void fakeServers() throws Exception {
        FakeAuthorizationServer.ensureStarted();
    }

    @AfterEach
    void resetModes() throws Exception {
        FakeAuthorizationServer.reset();
        FakeAuthorizationServer.startApi();
    }

    /** POSTs a JSON-RPC body to the MCP endpoint as MCP clients do, with the token (null: none) and these headers. */
    static HttpResponse<String> post(String body, String token, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(MCP)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
