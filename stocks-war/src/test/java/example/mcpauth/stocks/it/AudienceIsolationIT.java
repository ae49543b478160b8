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
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves the design choice of liberty-config's server.xml: two applications in ONE Liberty server,
 * each with its own {@code mp.jwt.verify.audiences} in its own microprofile-config.properties and
 * no {@code <mpJwt>} element in server.xml, validate tokens against their own audience only.
 * The probe plays mcp-war (audience = mcp.resource); the stocks WAR has stocks.api.audience.
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
        return ShrinkWrap.create(WebArchive.class, "mcp-probe.war")
                .addClass(WhoAmIServlet.class)
                .addAsResource(new StringAsset("""
                        as.issuer=http://localhost:8180/realms/mcp-demo
                        as.jwks.url=${as.issuer}/protocol/openid-connect/certs
                        mcp.resource=http://localhost:8000/mcp
                        mp.jwt.verify.issuer=${as.issuer}
                        mp.jwt.verify.publickey.location=${as.jwks.url}
                        mp.jwt.verify.audiences=${mcp.resource}
                        mp.jwt.verify.publickey.algorithm=RS256
                        """), "META-INF/microprofile-config.properties");
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
