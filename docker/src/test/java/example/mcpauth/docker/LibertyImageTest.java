package example.mcpauth.docker;

import static example.mcpauth.docker.Deployment.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Liberty image runs the local stack's server configuration: liberty-config's server.xml,
 * copied unchanged, with both WARs and nothing else; the container's settings are only
 * environment variables over it (server.xml variables and the WARs' MicroProfile Config keys).
 */
class LibertyImageTest {
    static final Path DOCKERFILE = DOCKER.resolve("liberty/Dockerfile");
    static final String CONFIG_DIR = "liberty-config/src/main/liberty/config";
    static final Path SERVER_XML = ROOT.resolve(CONFIG_DIR + "/server.xml");
    static final List<Path> MP_CONFIG = List.of(
            ROOT.resolve("mcp-war/src/main/resources/META-INF/microprofile-config.properties"),
            ROOT.resolve("stocks-war/src/main/resources/META-INF/microprofile-config.properties"));
    /** WARs docker/build.sh stages (module name + .war) and the Dockerfile copies into /config/apps. */
    static final Set<String> WARS = Set.of("stocks-war.war", "mcp-war.war");
    /** The WARs' Java sources: their @ConfigProperty names are MicroProfile Config keys they read. */
    static final List<Path> WAR_SOURCES = List.of(ROOT.resolve("mcp-war/src/main/java"), ROOT.resolve("stocks-war/src/main/java"),
            ROOT.resolve("oauth-support/src/main/java"));
    static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\s*\\(([^)]*)\\)");
    /** Variables Liberty defines itself. */
    static final Pattern BUILT_IN = Pattern.compile("(wlp|server|shared|usr)\\..*|com\\.ibm\\..*");

    @Test
    void baseImageIsOfficialOpenLibertyOnJava21() {
        List<Instruction> in = dockerfile(DOCKERFILE);
        List<Instruction> from = in.stream().filter(i -> i.keyword().equals("FROM")).toList();
        assertThat(from).hasSize(1);
        assertThat(from.get(0).args()).isEqualTo("icr.io/appcafe/open-liberty:${LIBERTY_IMAGE_TAG}");
        assertThat(args(in).get("LIBERTY_IMAGE_TAG")).contains("java21");
        assertThat(composeEnv().get("LIBERTY_IMAGE_TAG")).contains("java21");
    }

    @Test
    void copiesServerXmlUnchangedAndTheWarsAndNoOtherConfiguration() throws IOException {
        List<Instruction> in = dockerfile(DOCKERFILE);
        List<Copy> copies = copies(in);
        assertThat(in).as("no ADD (it could fetch or unpack)").noneMatch(i -> i.keyword().equals("ADD"));
        // the configuration files: exactly the files of liberty-config's config folder, each to /config/<same name>
        assertThat(ROOT.resolve(CONFIG_DIR)).as("liberty-config's server configuration folder").isDirectory();
        Set<String> local;
        try (Stream<Path> s = Files.list(ROOT.resolve(CONFIG_DIR))) {
            local = new LinkedHashSet<>(s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList());
        }
        Set<String> copiedConfig = new LinkedHashSet<>();
        for (Copy c : copies) {
            for (String src : c.sources()) {
                if (src.startsWith(CONFIG_DIR + "/")) {
                    String name = src.substring(CONFIG_DIR.length() + 1);
                    assertThat(c.destination()).as("%s is copied under its own name", src).isEqualTo("/config/" + name);
                    copiedConfig.add(name);
                } else {
                    assertThat(src).as("the only other COPY: the staged WARs").isEqualTo("docker/.build/liberty/apps/");
                    assertThat(c.destination()).isEqualTo("/config/apps/");
                }
            }
        }
        assertThat(copiedConfig).as("server configuration files copied from %s (the local stack runs all of them)", CONFIG_DIR)
                .contains("server.xml").containsExactlyInAnyOrderElementsOf(local);
        // nothing writes configuration in the image: no ENV settings, RUN only the base image's scripts
        assertThat(in).as("no ENV in the Liberty image: settings come from compose.yml").noneMatch(i -> i.keyword().equals("ENV"));
        // RUN: only the base image's scripts, and the local stack's discarding of logs/trace.log
        for (Instruction i : in) {
            if (i.keyword().equals("RUN")) {
                assertThat(i.args()).as("RUN %s", i.args()).matches(
                        "features\\.sh|configure\\.sh|rm -f /logs/trace\\.log && ln -s /dev/null /logs/trace\\.log");
            }
        }
        // the WARs build.sh stages are the ones server.xml deploys
        String build = read(DOCKER.resolve("build.sh"));
        for (String war : WARS) assertThat(build).contains("stage_war " + war.replace(".war", ""));
    }

    @Test
    void serverXmlDeploysTheStagedWars() throws Exception {
        Document doc = serverXml();
        List<String> locations = new ArrayList<>();
        for (String tag : List.of("application", "webApplication", "enterpriseApplication")) {
            NodeList nl = doc.getElementsByTagName(tag);
            for (int i = 0; i < nl.getLength(); i++) locations.add(((Element) nl.item(i)).getAttribute("location"));
        }
        assertThat(locations).as("applications in server.xml").hasSize(2);
        assertThat(locations).map(l -> l.substring(l.lastIndexOf('/') + 1)).containsExactlyInAnyOrderElementsOf(WARS);
        for (String l : locations) {
            assertThat(l).as("location %s resolves inside the image's /config/apps", l)
                    .satisfiesAnyOf(x -> assertThat(x).doesNotContain("/"), x -> assertThat(x).startsWith("${server.config.dir}/apps/"));
        }
    }

    @Test
    void serverListensWhereKongReachesIt() throws Exception {
        Map<String, String> env = environment("liberty");
        NodeList endpoints = serverXml().getElementsByTagName("httpEndpoint");
        assertThat(endpoints.getLength()).isGreaterThanOrEqualTo(1);
        Element ep = (Element) endpoints.item(0);
        String host = resolve(ep.getAttribute("host"), env);
        assertThat(host).as("httpEndpoint host in the container (server.xml host=\"%s\")", ep.getAttribute("host"))
                .isIn("*", "0.0.0.0");
        assertThat(resolve(ep.getAttribute("httpPort"), env)).as("httpEndpoint httpPort").isEqualTo(composeEnv().get("LIBERTY_HTTP_PORT"));
    }

    @Test
    void everyContainerSettingIsAnEnvironmentVariableThatServerXmlOrTheWarsRead() throws Exception {
        Set<String> serverVars = serverXmlVariables();
        Set<String> mpKeys = new LinkedHashSet<>();
        for (Path p : MP_CONFIG) {
            Properties props = new Properties();
            props.load(new StringReader(read(p)));
            mpKeys.addAll(props.stringPropertyNames());
            Matcher m = Pattern.compile("\\$\\{([^}:]+)").matcher(read(p));
            while (m.find()) mpKeys.add(m.group(1));
        }
        mpKeys.addAll(configProperties().keySet());
        Map<String, String> env = environment("liberty");
        assertThat(env).isNotEmpty();
        for (String key : env.keySet()) {
            String mp = key.toLowerCase(Locale.ROOT).replace('_', '.');
            boolean read = serverVars.contains(key) || serverVars.contains("env." + key) || serverVars.contains(mp)
                    || mpKeys.contains(mp);
            assertThat(read).as("the container sets %s, but neither server.xml (${%s}, ${env.%s}) nor the WARs' MicroProfile Config (%s) read it",
                    key, mp, key, mp).isTrue();
        }
    }

    @Test
    void everyVariableServerXmlNeedsIsSetByTheContainer() throws Exception {
        Map<String, String> env = environment("liberty");
        Map<String, String> defaults = serverXmlDefaults();
        for (String v : serverXmlVariables()) {
            if (BUILT_IN.matcher(v).matches() || defaults.containsKey(v)) continue;
            String name = v.startsWith("env.") ? v.substring(4) : v;
            boolean set = env.containsKey(name) || env.containsKey(name.toUpperCase(Locale.ROOT).replace('.', '_'))
                    || env.containsKey(name.replace('.', '_'));
            assertThat(set).as("server.xml uses ${%s} without a default; compose.yml's liberty environment must set it", v).isTrue();
        }
    }

    @Test
    void everySettingTheWarsReadWithoutADefaultIsSetByTheContainer() throws IOException {
        Map<String, String> env = environment("liberty");
        Map<String, Boolean> keys = configProperties();
        assertThat(keys).as("@ConfigProperty names in the WARs' sources").containsKeys("mcp.resource", "stocks.api.audience");
        keys.forEach((key, hasDefault) -> {
            if (hasDefault) return;
            String var = key.toUpperCase(Locale.ROOT).replace('.', '_');
            assertThat(env).as("the WARs read %s without a default; compose.yml's liberty environment must set %s", key, var)
                    .containsKey(var);
        });
    }

    /** The MicroProfile Config keys of the WARs' @ConfigProperty injections -> whether they have a default. */
    static Map<String, Boolean> configProperties() throws IOException {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (Path dir : WAR_SOURCES) {
            if (!Files.isDirectory(dir)) continue;
            List<Path> files;
            try (Stream<Path> s = Files.walk(dir)) {
                files = s.filter(p -> p.toString().endsWith(".java")).toList();
            }
            for (Path f : files) {
                Matcher m = CONFIG_PROPERTY.matcher(read(f));
                while (m.find()) {
                    Matcher name = Pattern.compile("name\\s*=\\s*\"([^\"]+)\"").matcher(m.group(1));
                    if (name.find()) out.merge(name.group(1), m.group(1).contains("defaultValue"), Boolean::logicalAnd);
                }
            }
        }
        return out;
    }

    // ---- server.xml -------------------------------------------------------------------------

    static Document serverXml() throws Exception {
        assertThat(SERVER_XML).as("liberty-config's server.xml (the local stack's server configuration)").exists();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(SERVER_XML.toFile());
    }

    /** Every ${name} server.xml and the files it includes (the config folder's XML) reference. */
    static Set<String> serverXmlVariables() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        List<Path> xml;
        try (Stream<Path> s = Files.list(ROOT.resolve(CONFIG_DIR))) {
            xml = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        assertThat(xml).contains(SERVER_XML);
        for (Path p : xml) {
            Matcher m = Pattern.compile("\\$\\{([^}]+)\\}").matcher(read(p).replaceAll("(?s)<!--.*?-->", ""));
            while (m.find()) out.add(m.group(1).strip());
        }
        return out;
    }

    /** server.xml's <variable name=".." value|defaultValue=".."/>. */
    static Map<String, String> serverXmlDefaults() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        NodeList nl = serverXml().getElementsByTagName("variable");
        for (int i = 0; i < nl.getLength(); i++) {
            Element e = (Element) nl.item(i);
            String v = e.hasAttribute("value") ? e.getAttribute("value") : e.getAttribute("defaultValue");
            if (e.hasAttribute("value") || e.hasAttribute("defaultValue")) out.put(e.getAttribute("name"), v);
        }
        return out;
    }

    /** server.xml's <variable name=".." value=".."/> (these win over the environment). */
    static Map<String, String> fixedValues() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        NodeList nl = serverXml().getElementsByTagName("variable");
        for (int i = 0; i < nl.getLength(); i++) {
            Element e = (Element) nl.item(i);
            if (e.hasAttribute("value")) out.put(e.getAttribute("name"), e.getAttribute("value"));
        }
        return out;
    }

    /** Resolves ${...} in a server.xml attribute the way Liberty does: variables, then environment. */
    static String resolve(String value, Map<String, String> env) throws Exception {
        Map<String, String> defaults = serverXmlDefaults();
        String s = value;
        for (int depth = 0; depth < 5 && s.contains("${"); depth++) {
            Matcher m = Pattern.compile("\\$\\{([^}]+)\\}").matcher(s);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String v = m.group(1);
                String name = v.startsWith("env.") ? v.substring(4) : v;
                // Liberty: <variable value> over the environment over <variable defaultValue>
                String r = fixedValues().get(v);
                if (r == null) r = env.get(name);
                if (r == null) r = env.get(name.toUpperCase(Locale.ROOT).replace('.', '_'));
                if (r == null) r = env.get(name.replace('.', '_'));
                if (r == null) r = defaults.get(v);
                assertThat(r).as("server.xml ${%s}", v).isNotNull();
                m.appendReplacement(sb, Matcher.quoteReplacement(r));
            }
            m.appendTail(sb);
            s = sb.toString();
        }
        return s.isEmpty() ? "localhost" : s;
    }
}
