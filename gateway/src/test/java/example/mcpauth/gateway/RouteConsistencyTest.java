package example.mcpauth.gateway;

import example.mcpauth.gateway.support.Gateway;
import example.mcpauth.gateway.support.NginxConf;
import example.mcpauth.gateway.support.NginxConf.Node;
import example.mcpauth.gateway.support.RouteTable;
import example.mcpauth.gateway.support.RouteTable.Route;
import example.mcpauth.gateway.support.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One route table (gateway/routes.conf) for both gateways: the nginx config that
 * scripts/gateway.sh generates and docker/kong/kong.yml must both match it, route for route,
 * upstream for upstream, plugin setting for plugin setting.
 */
@Order(3)
class RouteConsistencyTest {
    static RouteTable table;
    static Map<String, String> settings;
    static Node nginx;
    static Node server;
    static Map<String, Object> kong;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() {
        table = RouteTable.load();
        Map<String, String> env = Map.of("STACK_STATE_DIR", Gateway.STATE_ROOT + "/render");
        settings = Stack.settings(env);
        String out = Stack.run(env, "scripts/gateway.sh", "render").trim();
        Path conf = Path.of(out.substring(out.lastIndexOf('\n') + 1));
        nginx = NginxConf.parse(Stack.read(conf));
        server = nginx.first("http").orElseThrow().first("server").orElseThrow();
        kong = new Yaml().load(Stack.read(Stack.root().resolve("docker/kong/kong.yml")));
    }

    // ---- nginx -----------------------------------------------------------------------------------

    static Map<String, Node> nginxRouteLocations() {
        Map<String, Node> out = new HashMap<>();
        server.all("location").filter(l -> l.args().size() == 1 && !l.args().get(0).startsWith("/_gateway/")
                && !l.args().get(0).equals("/") || l.args().size() == 1 && l.args().get(0).equals("/") && l.first("proxy_pass").isPresent())
                .forEach(l -> out.put(l.args().get(0), l));
        return out;
    }

    @Test
    void nginxHasExactlyTheLocalRoutesOfTheTable() {
        Set<String> expected = table.routes().stream().filter(r -> table.services().get(r.service()).proxiedLocally())
                .map(Route::path).collect(Collectors.toSet());
        assertThat(nginxRouteLocations().keySet()).isEqualTo(expected);
    }

    @Test
    void nginxRoutesMatchTheTable() {
        Map<String, Node> locations = nginxRouteLocations();
        Node http = nginx.first("http").orElseThrow();
        for (Route r : table.routes()) {
            RouteTable.Service svc = table.services().get(r.service());
            if (!svc.proxiedLocally()) continue;
            Node loc = locations.get(r.path());
            String what = "nginx location " + r.path() + " (route " + r.name() + ")";
            assertThat(loc.first("proxy_pass").orElseThrow().args()).as(what).containsExactly("http://" + r.service());
            Node upstream = http.all("upstream").filter(u -> u.args().equals(List.of(r.service()))).findFirst().orElseThrow();
            URI local = URI.create(expand(svc.local()));
            int instances = Integer.parseInt(expand(svc.instances()));
            List<String> servers = java.util.stream.IntStream.range(0, instances)
                    .mapToObj(n -> local.getHost() + ":" + (local.getPort() + n)).toList();
            assertThat(upstream.all("server").map(n -> n.args().get(0)).toList())
                    .as(what + ": one upstream server per instance, on consecutive ports").isEqualTo(servers);
            // a failed connection goes to the next instance; a POST already sent never does
            assertThat(loc.first("proxy_next_upstream").orElseThrow().args()).as(what).containsExactly("error", "timeout");
            assertThat(loc.first("proxy_connect_timeout").orElseThrow().args())
                    .as(what).containsExactly(settings.get("GATEWAY_UPSTREAM_CONNECT_TIMEOUT_MS") + "ms");
            boolean phantom = loc.all("access_by_lua_block").anyMatch(n -> n.raw().contains("phantom_token_nginx"));
            assertThat(phantom).as(what + " phantom token").isEqualTo(r.phantomToken());
            boolean cors = loc.descendants().anyMatch(n -> n.name().equals("add_header") && n.args().get(0).equals("Access-Control-Allow-Origin"));
            assertThat(cors).as(what + " cors").isEqualTo(r.cors());
            boolean unbuffered = loc.all("proxy_buffering").anyMatch(n -> n.args().equals(List.of("off")));
            assertThat(unbuffered).as(what + " streaming").isEqualTo(r.stream());
        }
    }

    @Test
    void nginxPhantomTokenAndCorsSettingsComeFromTheSettings() {
        Node http = nginx.first("http").orElseThrow();
        String init = http.first("init_by_lua_block").orElseThrow().raw();
        assertThat(init).contains("client_id = \"" + settings.get("GATEWAY_CLIENT_ID") + "\"")
                .contains("introspection_endpoint = \"" + settings.get("AS_INTROSPECTION_ENDPOINT") + "\"")
                .contains("token_cache_seconds = " + settings.get("GATEWAY_TOKEN_CACHE_SECONDS") + ",")
                .contains("timeout_ms = " + settings.get("GATEWAY_INTROSPECTION_TIMEOUT_MS") + ",")
                .contains("mcp_resource = \"" + settings.get("MCP_RESOURCE") + "\",")
                .contains("base_scope = \"" + settings.get("STOCKS_SCOPE") + "\",")
                .contains("tool_scopes = \"" + settings.get("MCP_TOOL_SCOPES") + "\",");
        assertThat(http.first("lua_shared_dict").orElseThrow().args()).containsExactly("phantom_token", settings.get("GATEWAY_CACHE_SIZE"));
        Node originMap = http.all("map").filter(m -> m.args().get(1).equals("$gateway_cors_origin")).findFirst().orElseThrow();
        Set<String> origins = originMap.children().stream().map(Node::name).filter(n -> !n.equals("default")).collect(Collectors.toSet());
        assertThat(origins).isEqualTo(Set.of(settings.get("ALLOWED_ORIGINS").split("\\s*,\\s*")));
        assertThat(mapDefault(http, "$gateway_cors_expose")).isEqualTo(String.join(", ", table.cors().get("exposed_headers")));
        assertThat(mapDefault(http, "$gateway_cors_headers")).isEqualTo(String.join(", ", table.cors().get("headers")));
        assertThat(mapDefault(http, "$gateway_cors_methods")).isEqualTo(String.join(", ", table.cors().get("methods")));
        assertThat(mapDefault(http, "$gateway_cors_max_age")).isEqualTo(table.cors().get("max_age").get(0));
        assertThat(server.first("listen").orElseThrow().args()).containsExactly(settings.get("STACK_BIND") + ":" + settings.get("GATEWAY_PORT"));
    }

    static String mapDefault(Node http, String variable) {
        Node map = http.all("map").filter(m -> m.args().get(1).equals(variable)).findFirst().orElseThrow();
        return map.first("default").orElseThrow().args().get(0);
    }

    static String expand(String value) {
        String out = value;
        for (Map.Entry<String, String> e : settings.entrySet()) out = out.replace("${" + e.getKey() + "}", e.getValue());
        return out;
    }

    // ---- Kong ------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return o == null ? List.of() : (List<Map<String, Object>>) o;
    }

    @Test
    void kongHasTheTablesServicesAndRoutes() {
        assertThat(kong.get("_format_version")).isEqualTo("3.0");
        List<Map<String, Object>> services = list(kong.get("services"));
        assertThat(services).extracting(s -> s.get("name")).containsExactlyInAnyOrderElementsOf(table.services().keySet());
        List<String> routeNames = new ArrayList<>();
        for (Map<String, Object> s : services) {
            RouteTable.Service svc = table.services().get((String) s.get("name"));
            assertThat(s.get("url")).as("Kong service " + svc.name()).isEqualTo(svc.docker());
            for (Map<String, Object> kr : list(s.get("routes"))) {
                String name = (String) kr.get("name");
                routeNames.add(name);
                Route r = table.routes().stream().filter(x -> x.name().equals(name)).findFirst()
                        .orElseThrow(() -> new AssertionError("Kong route " + name + " is not in gateway/routes.conf"));
                String what = "Kong route " + name;
                assertThat(r.service()).as(what + " service").isEqualTo(svc.name());
                assertThat(kr.get("hosts")).as(what + " hosts").isEqualTo(List.of(r.host()));
                assertThat(kr.get("paths")).as(what + " paths").isEqualTo(List.of(r.path()));
                assertThat(kr.get("strip_path")).as(what + " strip_path (the path reaches the upstream unchanged)").isEqualTo(false);
                assertThat(!Boolean.FALSE.equals(kr.get("response_buffering"))).as(what + " response_buffering").isEqualTo(!r.stream());
                Set<String> plugins = list(kr.get("plugins")).stream().map(p -> (String) p.get("name")).collect(Collectors.toSet());
                Set<String> expected = new java.util.HashSet<>();
                if (r.phantomToken()) expected.add("phantom-token");
                if (r.cors()) expected.add("cors");
                assertThat(plugins).as(what + " plugins").isEqualTo(expected);
                for (Map<String, Object> p : list(kr.get("plugins"))) {
                    Map<String, Object> config = (Map<String, Object>) p.get("config");
                    if (p.get("name").equals("phantom-token")) checkPhantomToken(what, config);
                    if (p.get("name").equals("cors")) checkCors(what, config);
                }
            }
        }
        assertThat(routeNames).containsExactlyInAnyOrderElementsOf(table.routes().stream().map(Route::name).toList());
        assertThat(list(kong.get("plugins"))).as("global plugins would apply to every route").isEmpty();
    }

    void checkPhantomToken(String what, Map<String, Object> config) {
        Map<String, String> defaults = Stack.settings(Map.of("STACK_CONFIG", "")); // config/stack.env alone
        URI local = URI.create(defaults.get("AS_INTROSPECTION_ENDPOINT"));
        URI docker = URI.create((String) config.get("introspection_endpoint"));
        assertThat(docker.getPath()).as(what + " introspection endpoint path").isEqualTo(local.getPath());
        assertThat(config.get("client_id")).as(what).isEqualTo(defaults.get("GATEWAY_CLIENT_ID"));
        assertThat(config.get("client_secret")).as(what + " (the documented demo value)").isEqualTo(defaults.get("GATEWAY_CLIENT_SECRET"));
        assertThat(config.get("token_cache_seconds")).as(what).isEqualTo(Integer.parseInt(defaults.get("GATEWAY_TOKEN_CACHE_SECONDS")));
        assertThat(config.get("timeout_ms")).as(what).isEqualTo(Integer.parseInt(defaults.get("GATEWAY_INTROSPECTION_TIMEOUT_MS")));
        assertThat(config.get("cache_dict")).as(what).isEqualTo("phantom_token");
        assertThat(config.get("tool_scopes")).as(what + " tool_scopes").isEqualTo(defaults.get("MCP_TOOL_SCOPES"));
        assertThat(config.get("base_scope")).as(what + " base_scope").isEqualTo(defaults.get("STOCKS_SCOPE"));
        assertThat(URI.create((String) config.get("mcp_resource")).getPath()).as(what + " mcp_resource path")
                .isEqualTo(URI.create(defaults.get("MCP_RESOURCE")).getPath());
    }

    void checkCors(String what, Map<String, Object> config) {
        Map<String, String> defaults = Stack.settings(Map.of("STACK_CONFIG", ""));
        assertThat(config.get("origins")).as(what + " origins").isEqualTo(Arrays.asList(defaults.get("ALLOWED_ORIGINS").split("\\s*,\\s*")));
        assertThat(config.get("methods")).as(what + " methods").isEqualTo(table.cors().get("methods"));
        assertThat(config.get("headers")).as(what + " headers").isEqualTo(table.cors().get("headers"));
        assertThat(config.get("exposed_headers")).as(what + " exposed headers").isEqualTo(table.cors().get("exposed_headers"));
        assertThat(config.get("max_age")).as(what + " max_age").isEqualTo(Integer.parseInt(table.cors().get("max_age").get(0)));
        assertThat(config.get("credentials")).as(what + " credentials").isEqualTo(false);
    }
}
