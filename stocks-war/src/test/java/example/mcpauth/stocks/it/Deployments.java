package example.mcpauth.stocks.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The stocks WAR exactly as Maven built it (with oauth-support in WEB-INF/lib), under its production
 * name "stocks-war": liberty-config's audience-check.xml selects its mpJwt by that name.
 */
final class Deployments {

    private Deployments() {
    }

    static WebArchive stocksWar() {
        File built = new File(System.getProperty("stocks.war", "target/stocks-war.war"));
        if (!built.isFile()) {
            throw new IllegalStateException("build the WAR first (mvn verify): " + built);
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, built);
    }
}
