package example.mcpauth.stocks.it;

import static org.assertj.core.api.Assertions.assertThat;

import example.mcpauth.stocks.it.probe.WhoAmIServlet;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves the audience check of liberty-config's audience-check.xml (the file production includes,
 * copied into this test server): two applications in ONE Liberty server, each with its own
 * {@code <mpJwt>}, accept tokens for their own audience only, whatever the other accepted before.
 * The probe is deployed under mcp-war's name, so the MCP server's mpJwt (audience = MCP_RESOURCE)
 * applies to it; the stocks WAR has STOCKS_API_AUDIENCE.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AudienceIsolationIT {

    @Deployment(name = "api", testable = false, order = 1)
    static WebArchive api() {
        return Deployments.stocksWar();
    }

    @Deployment(name = "probe", testable = false, order = 2)
    static WebArchive probe() {
        return ShrinkWrap.create(WebArchive.class, "mcp-war.war").addClass(WhoAmIServlet.class);
    }

    @ArquillianResource
    @OperateOnDeployment("api")
    URL api;

    @ArquillianResource
    @OperateOnDeployment("probe")
    URL probe;

    private final TestAuthority as = TestAuthority.get();

    private static URI at(URL base, String path) {
        return URI.create(base.toString().replaceAll("/+$", "") + path);
    }

    @Test
    void eachApplicationAcceptsOnlyItsOwnAudience() {
        String apiToken = as.userToken("john.doe@demo.example", "USA");
        String mcpToken = as.sign(as.apiClaims("john.doe@demo.example", "USA").audience(TestAuthority.MCP_AUDIENCE).build());

        // the API first, so that a token cached by one configuration would show in the other
        HttpResponse<String> apiFirst = Http.get(at(api, "/stocks"), Http.bearer(apiToken));
        assertThat(apiFirst.statusCode()).as(apiFirst.body()).isEqualTo(200);

        HttpResponse<String> probeWithMcp = Http.get(at(probe, "/whoami"), Http.bearer(mcpToken));
        assertThat(probeWithMcp.statusCode()).as(probeWithMcp.body()).isEqualTo(200);
        assertThat(probeWithMcp.body()).isEqualTo(TestAuthority.MCP_AUDIENCE);

        HttpResponse<String> probeWithApi = Http.get(at(probe, "/whoami"), Http.bearer(apiToken));
        assertThat(probeWithApi.statusCode()).isEqualTo(401);

        HttpResponse<String> apiWithApi = Http.get(at(api, "/stocks"), Http.bearer(apiToken));
        assertThat(apiWithApi.statusCode()).as(apiWithApi.body()).isEqualTo(200);

        HttpResponse<String> apiWithMcp = Http.get(at(api, "/stocks"), Http.bearer(mcpToken));
        assertThat(apiWithMcp.statusCode()).isEqualTo(401);
        assertThat(Http.jsonObject(apiWithMcp)).containsEntry("code", "invalid_token");
    }
}
