package example.mcpauth.docker;

import static example.mcpauth.docker.Deployment.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kong plugin the image installs: every Lua file compiles (luac5.1 -p) and the wrapper is thin:
 * it requires the shared core (gateway/lua/phantom_token.lua, copied next to it) and, besides
 * Kong's schema typedefs and the HTTP client it uses as transport, nothing else. The purge
 * endpoint's host file (purge_endpoint.lua) only hands the core its settings.
 */
class KongPluginLuaTest {
    static final String PLUGIN_DIR_DEST = "/usr/local/share/lua/5.1/kong/plugins/phantom-token/";
    static final String CORE_MODULE = "kong.plugins.phantom-token.phantom_token";
    static final Set<String> ALLOWED_REQUIRES = Set.of(CORE_MODULE, "kong.db.schema.typedefs", "resty.http");
    static final Pattern REQUIRE = Pattern.compile("require\\s*\\(?\\s*[\"']([^\"']+)[\"']");

    /** The wrapper's folder in the repository: the COPY source whose destination is the plugin folder. */
    static Path pluginSource() {
        return copies(dockerfile(DOCKER.resolve("kong/Dockerfile"))).stream()
                .filter(c -> c.destination().equals(PLUGIN_DIR_DEST))
                .map(c -> ROOT.resolve(c.sources().get(0)))
                .findFirst().orElseThrow(() -> new AssertionError("kong/Dockerfile copies no folder to " + PLUGIN_DIR_DEST));
    }

    static List<Path> wrapperFiles() throws IOException {
        Path dir = pluginSource();
        assertThat(dir).as("plugin wrapper folder").isDirectory();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".lua")).sorted().toList();
        }
    }

    @Test
    void wrapperIsAHandlerAndASchema() throws IOException {
        assertThat(wrapperFiles()).map(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("handler.lua", "schema.lua", "purge_endpoint.lua");
        assertThat(read(pluginSource().resolve("schema.lua"))).contains("name = \"phantom-token\"");
    }

    static String luac() {
        return Stream.of("/usr/bin/luac5.1", "/usr/local/bin/luac5.1").filter(p -> Files.isExecutable(Path.of(p)))
                .findFirst().orElseThrow(() -> new AssertionError("luac5.1 not found: run scripts/prereqs.sh (Debian package lua5.1)"));
    }

    @Test
    void everyLuaFileTheImageInstallsCompiles() throws IOException {
        String luac = luac();
        List<Path> files = new ArrayList<>(wrapperFiles());
        files.add(ROOT.resolve("gateway/lua/phantom_token.lua"));
        for (Path f : files) {
            run(List.of(luac, "-p", f.toString()), Map.of(), 0);
        }
        assertThat(files).hasSize(4);
    }

    @Test
    void wrapperRequiresOnlyTheSharedCore() throws IOException {
        Set<String> all = new LinkedHashSet<>();
        for (Path f : wrapperFiles()) {
            Matcher m = REQUIRE.matcher(read(f));
            while (m.find()) all.add(m.group(1));
        }
        assertThat(ALLOWED_REQUIRES).as("modules the wrapper requires (only the core, the schema typedefs, the transport)")
                .containsAll(all);
        String handler = read(pluginSource().resolve("handler.lua"));
        assertThat(handler).contains("require \"" + CORE_MODULE + "\"").contains("core.access(");
        // no token logic of its own: introspection parsing, JWT handling and caching are the core's
        assertThat(all).doesNotContain("cjson", "cjson.safe", "resty.sha256", "ngx.base64", "resty.jwt");
        assertThat(handler).doesNotContain("application/jwt").doesNotContain("\"active\"").doesNotContain(":set(");
        // (was gateway's KongPluginTest) the handler requires the core and its transport only, and
        // leaves every decision (active, jwt, cache keys, header stripping and setting) to the core
        Matcher h = REQUIRE.matcher(handler);
        Set<String> handlerRequires = new LinkedHashSet<>();
        while (h.find()) handlerRequires.add(h.group(1));
        assertThat(handlerRequires).containsExactlyInAnyOrder(CORE_MODULE, "resty.http");
        for (String logic : List.of("active", "jwt", "sha256", "Bearer", "clear_header", "set_header")) {
            assertThat(handler).as("handler.lua must leave '" + logic + "' to the core").doesNotContain(logic);
        }
        // the purge endpoint too: secret check, body and index are the core's
        String purge = read(pluginSource().resolve("purge_endpoint.lua"));
        assertThat(purge).contains("require \"" + CORE_MODULE + "\"").contains("core.serve_purge(")
                .doesNotContain(":get(").doesNotContain(":delete(").doesNotContain("cjson").doesNotContain("sub");
    }

    @Test
    void coreIsTheFileTheLocalGatewayRuns() {
        // the module name the wrapper requires is the file the image copies from gateway/lua
        assertThat(copies(dockerfile(DOCKER.resolve("kong/Dockerfile"))))
                .anyMatch(c -> c.sources().equals(List.of("gateway/lua/phantom_token.lua"))
                        && c.destination().equals(PLUGIN_DIR_DEST + CORE_MODULE.substring(CORE_MODULE.lastIndexOf('.') + 1) + ".lua"));
        assertThat(read(ROOT.resolve("gateway/nginx/location-phantom-token.conf"))).contains("require(\"phantom_token_nginx\")");
        assertThat(read(ROOT.resolve("gateway/lua/phantom_token_nginx.lua"))).contains("require \"phantom_token\"");
        // (was gateway's KongPluginTest) the local gateway's nginx adapter around the same core compiles too
        run(List.of(luac(), "-p", ROOT.resolve("gateway/lua/phantom_token_nginx.lua").toString()), Map.of(), 0);
    }
}
