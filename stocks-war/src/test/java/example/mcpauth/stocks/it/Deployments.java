package example.mcpauth.stocks.it;

import example.mcpauth.stocks.api.StocksApplication;
import example.mcpauth.stocks.auth.BearerTokenFilter;
import example.mcpauth.stocks.domain.Stock;
import example.mcpauth.stocks.policy.Caller;
import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The stocks WAR as ShrinkWrap builds it: the main classes and resources, nothing from the tests. */
final class Deployments {

    private Deployments() {
    }

    static WebArchive stocksWar() {
        return ShrinkWrap.create(WebArchive.class, "api.war")
                .addPackage(StocksApplication.class.getPackage())
                .addPackage(BearerTokenFilter.class.getPackage())
                .addPackage(Stock.class.getPackage())
                .addPackage(Caller.class.getPackage())
                .addAsResource(new File("src/main/resources/META-INF/microprofile-config.properties"),
                        "META-INF/microprofile-config.properties")
                .addAsWebInfResource(new File("src/main/webapp/WEB-INF/beans.xml"), "beans.xml")
                .addAsWebInfResource(new File("src/main/webapp/WEB-INF/ibm-web-ext.xml"), "ibm-web-ext.xml");
    }
}
