package example.mcpauth.mcp;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR that Maven built, plus the test classes and the Arquillian servlet (web.xml has absolute-ordering). */
final class Deployments {

    private Deployments() { }

    static WebArchive mcpWar(Class<?>... testClasses) {
        try {
            File built = new File(System.getProperty("mcp.war", "target/mcp-war.war"));
            WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, built);
            String webXml = Files.readString(Path.of("src/main/webapp/WEB-INF/web.xml"), StandardCharsets.UTF_8);
            webXml = webXml.replace("</web-app>", """
                      <servlet>
                        <servlet-name>ArquillianServletRunnerEE9</servlet-name>
                        <servlet-class>org.jboss.arquillian.protocol.servlet5.runner.ServletTestRunner</servlet-class>
                      </servlet>
                      <servlet-mapping>
                        <servlet-name>ArquillianServletRunnerEE9</servlet-name>
                        <url-pattern>/ArquillianServletRunnerEE9</url-pattern>
                      </servlet-mapping>
                    </web-app>""");
            war.setWebXML(new StringAsset(webXml));
            war.addClasses(testClasses);
            return war;
        } catch (Exception e) {
            throw new IllegalStateException("build the WAR first (mvn verify): " + e.getMessage(), e);
        }
    }
}
