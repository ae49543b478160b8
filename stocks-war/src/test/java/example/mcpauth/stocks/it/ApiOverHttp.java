package example.mcpauth.stocks.it;

import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the tests that call the API over HTTP share: the WAR as Maven built it (deployed by Arquillian,
 * the tests run in the test JVM), its URL, and the tests' authorization server.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class ApiOverHttp {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.stocksWar();
    }

    @ArquillianResource
    URL base;

    final TestAuthority as = TestAuthority.get();

    /** A URL of the deployed API ({@code /api} + path). */
    URI uri(String path) {
        return URI.create(base.toString().replaceAll("/+$", "") + path);
    }
}
