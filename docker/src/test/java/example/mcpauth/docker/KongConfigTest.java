package example.mcpauth.docker;

import static example.mcpauth.docker.Deployment.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docker/kong/kong.yml as deployed by compose.yml: its upstreams are compose services on the ports
 * they listen on, its hosts are covered by the certificate, and the plugin settings are the values
 * of docker/.env (kong.yml cannot interpolate, so the test keeps them equal).
 */
class KongConfigTest {

    record Route(String service, String serviceUrl, Map<String, Object> route, Map<String, Map<String, Object>> plugins) {
        String name() { return String.valueOf(route.get("name")); }
        List<String> hosts() { return strings(route.get("hosts")); }
        List<String> paths() { return strings(route.get("paths")); }
    }

    static List<String> strings(Object o) {
        return o == null ? List.of() : list(o, "list").stream().map(String::valueOf).toList();
    }

    static Map<String, Route> routes() {
        Map<String, Object> kong = map(yaml(KONG_YML), "kong.yml");
        assertThat(String.valueOf(kong.get("_format_version"))).startsWith("3.");
        Map<String, Route> out = new LinkedHashMap<>();
        for (Object s : list(kong.get("services"), "kong.yml services")) {
            Map<String, Object> svc = map(s, "kong.yml service");
            for (Object r : list(svc.get("routes"), "routes of " + svc.get("name"))) {
                Map<String, Object> route = map(r, "route");
                Map<String, Map<String, Object>> plugins = new LinkedHashMap<>();
                for (Object p : route.get("plugins") == null ? List.of() : list(route.get("plugins"), "plugins")) {
                    Map<String, Object> plugin = map(p, "plugin");
                    plugins.put(String.valueOf(plugin.get("name")), map(plugin.get("config"), "config of " + plugin.get("name")));
                }
                Route rt = new Route(String.valueOf(svc.get("name")), String.valueOf(svc.get("url")), route, plugins);
                assertThat(out.put(rt.name(), rt)).as("route name %s is unique", rt.name()).isNull();
            }
        }
        // global plugins would apply to every route: none are expected
        assertThat(kong.get("plugins")).as("kong.yml global plugins").isNull();
        return out;
    }

    static Route route(String host, String path) {
        return routes().values().stream()
                .filter(r -> r.hosts().contains(host) && r.paths().contains(path))
                .findFirst().orElseThrow(() -> new AssertionError("kong.yml has no route for " + host + path));
    }

    @Test
    void everyUpstreamIsAComposeServiceOnAPortItListensOn() {
        Map<String, String> env = composeEnv();
        for (Route r : routes().values()) {
            URI u = URI.create(r.serviceUrl());
            assertThat(composeServices()).as("route %s: upstream host %s is a compose service", r.name(), u.getHost())
                    .containsKey(u.getHost());
            List<String> exposed = strings(service(u.getHost()).get("expose")).stream()
                    .map(p -> interpolate(p, env, u.getHost() + " expose")).toList();
            assertThat(exposed).as("route %s: %s exposes port %s", r.name(), u.getHost(), u.getPort())
                    .contains(String.valueOf(u.getPort()));
            assertThat(u.getHost()).isNotEqualTo(PUBLISHED);
        }
    }

    @Test
    void everyRouteHostIsOneOfTheCertificatesHosts() {
        List<String> hosts = publicHosts();
        for (Route r : routes().values()) {
            assertThat(r.hosts()).as("route %s must match by host", r.name()).isNotEmpty();
            assertThat(hosts).as("route %s hosts are in the certificate (docker/.env *_HOST)", r.name())
                    .containsAll(r.hosts());
        }
    }

    @Test
    void libertyIsAnUpstreamWithOneTargetPerComposeReplica() {
        Map<String, String> env = composeEnv();
        Map<String, Object> kong = map(yaml(KONG_YML), "kong.yml");
        Map<String, Object> compose = map(yaml(COMPOSE), "compose.yml");
        int instances = Integer.parseInt(env.get("LIBERTY_INSTANCES"));
        String replicas = interpolate(String.valueOf(map(service("liberty").get("deploy"), "liberty deploy").get("replicas")),
                env, "liberty deploy.replicas");
        assertThat(replicas).as("compose runs LIBERTY_INSTANCES Liberty containers").isEqualTo(String.valueOf(instances));
        Map<String, Object> upstream = list(kong.get("upstreams"), "kong.yml upstreams").stream()
                .map(u -> map(u, "upstream")).filter(u -> "liberty".equals(u.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("kong.yml has no upstream named liberty (the service's host)"));
        // compose names replica n <project>-<service>-<n>; that name resolves on the compose network
        List<String> targets = list(upstream.get("targets"), "targets").stream()
                .map(t -> String.valueOf(map(t, "target").get("target"))).toList();
        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= instances; n++) {
            expected.add(compose.get("name") + "-liberty-" + n + ":" + env.get("LIBERTY_HTTP_PORT"));
        }
        assertThat(targets).isEqualTo(expected);
        Map<String, Object> active = map(map(upstream.get("healthchecks"), "healthchecks").get("active"), "active");
        assertThat(active.get("http_path")).as("Kong checks each instance's readiness").isEqualTo("/health/ready");
        Map<String, Object> service = list(kong.get("services"), "services").stream().map(x -> map(x, "service"))
                .filter(x -> "liberty".equals(x.get("name"))).findFirst().orElseThrow();
        assertThat(service.get("connect_timeout")).isEqualTo(Integer.parseInt(env.get("GATEWAY_UPSTREAM_CONNECT_TIMEOUT_MS")));
    }

    @Test
    void theSeedsEndpointsAreRoutedByTheirPublicUrls() {
        Map<String, String> env = composeEnv();
        URI mcp = URI.create(env.get("MCP_RESOURCE"));
        Route mcpRoute = route(mcp.getHost(), mcp.getPath());
        assertThat(mcpRoute.serviceUrl()).isEqualTo("http://liberty:" + env.get("LIBERTY_HTTP_PORT"));
        assertThat(mcpRoute.route().get("response_buffering")).as("/mcp streams (SSE)").isEqualTo(false);

        Route prm = route(mcp.getHost(), "/.well-known/oauth-protected-resource");
        assertThat(prm.serviceUrl()).isEqualTo(mcpRoute.serviceUrl());

        URI api = URI.create(env.get("STOCKS_API_AUDIENCE"));
        Route apiRoute = route(api.getHost(), api.getPath() + "/");
        assertThat(apiRoute.serviceUrl()).isEqualTo(mcpRoute.serviceUrl());

        Route login = route(host(env.get("AS_ISSUER")), "/");
        assertThat(login.serviceUrl()).isEqualTo("http://keycloak:" + env.get("KEYCLOAK_PORT"));

        Route mail = route(env.get("MAIL_HOST"), "/");
        assertThat(mail.serviceUrl()).isEqualTo("http://maildev:" + env.get("MAIL_WEB_PORT"));

        for (Route r : routes().values()) {
            assertThat(r.route().get("strip_path")).as("route %s passes the path unchanged", r.name()).isEqualTo(false);
            assertThat(r.route().get("preserve_host")).as("route %s keeps the public Host", r.name()).isEqualTo(true);
        }
    }

    @Test
    void phantomTokenRunsOnTheMcpEndpointAndTheApiWithTheDeploymentsSettings() {
        Map<String, String> env = composeEnv();
        URI mcp = URI.create(env.get("MCP_RESOURCE"));
        URI api = URI.create(env.get("STOCKS_API_AUDIENCE"));
        List<Route> phantom = new ArrayList<>();
        for (Route r : routes().values()) if (r.plugins().containsKey("phantom-token")) phantom.add(r);
        assertThat(phantom).map(Route::name).containsExactlyInAnyOrder(
                route(mcp.getHost(), mcp.getPath()).name(), route(api.getHost(), api.getPath() + "/").name());

        String sharedDict = environment("kong").get("KONG_NGINX_HTTP_LUA_SHARED_DICT");
        for (Route r : phantom) {
            Map<String, Object> c = r.plugins().get("phantom-token");
            assertThat(c.get("introspection_endpoint")).as("%s introspection_endpoint", r.name()).isEqualTo(env.get("AS_INTROSPECTION_ENDPOINT"));
            assertThat(c.get("client_id")).as("%s client_id", r.name()).isEqualTo(env.get("GATEWAY_CLIENT_ID"));
            assertThat(String.valueOf(c.get("client_secret"))).as("%s client_secret: the setting or a reference to it", r.name())
                    .isIn(env.get("GATEWAY_CLIENT_SECRET"), "{vault://env/gateway-client-secret}");
            assertThat(String.valueOf(c.get("token_cache_seconds"))).as("%s token_cache_seconds", r.name()).isEqualTo(env.get("GATEWAY_TOKEN_CACHE_SECONDS"));
            if (c.containsKey("timeout_ms")) {
                assertThat(String.valueOf(c.get("timeout_ms"))).as("%s timeout_ms", r.name()).isEqualTo(env.get("GATEWAY_INTROSPECTION_TIMEOUT_MS"));
            }
            // the per-tool scope rule of the Lua core: the same table the MCP server reads (issue 13)
            assertThat(c.get("tool_scopes")).as("%s tool_scopes = MCP_TOOL_SCOPES of docker/.env", r.name())
                    .isEqualTo(env.get("MCP_TOOL_SCOPES"));
            assertThat(c.get("base_scope")).as("%s base_scope = STOCKS_SCOPE", r.name()).isEqualTo(env.get("STOCKS_SCOPE"));
            assertThat(c.get("mcp_resource")).as("%s mcp_resource = MCP_RESOURCE", r.name()).isEqualTo(env.get("MCP_RESOURCE"));
            String dict = String.valueOf(c.getOrDefault("cache_dict", "phantom_token"));
            assertThat(sharedDict).as("compose.yml declares the plugin's cache dictionary with GATEWAY_CACHE_SIZE")
                    .isEqualTo(dict + " " + env.get("GATEWAY_CACHE_SIZE"));
        }
    }

    @Test
    void corsAllowsTheConfiguredOriginsWhereTheGatewayOwnsCors() {
        Map<String, String> env = composeEnv();
        List<String> origins = List.of(env.get("ALLOWED_ORIGINS").split(","));
        int n = 0;
        for (Route r : routes().values()) {
            Map<String, Object> cors = r.plugins().get("cors");
            if (cors == null) continue;
            n++;
            assertThat(strings(cors.get("origins"))).as("%s cors origins = ALLOWED_ORIGINS", r.name())
                    .containsExactlyInAnyOrderElementsOf(origins);
            assertThat(strings(cors.get("exposed_headers"))).as("%s: MCP clients in a browser read the challenge", r.name())
                    .contains("WWW-Authenticate");
        }
        assertThat(n).as("routes with CORS (MCP endpoint, metadata)").isGreaterThanOrEqualTo(2);
    }

    @Test
    void kongYmlAndThePurgeServerAreWhatRenderKongWritesFromTheRouteTable() {
        List<String> generated = run(List.of("bash", DOCKER.resolve("kong/render-kong.sh").toString(), "--stdout"), Map.of(), 0);
        assertThat(read(KONG_YML) + read(PURGE_SERVER))
                .as("kong.yml and purge-server.conf are generated from gateway/routes.conf and docker/.env: run docker/kong/render-kong.sh")
                .isEqualTo(String.join("\n", generated) + "\n");
    }

    @Test
    void thePurgeEndpointListensOnTheComposeNetworkOnlyWithTheSecretFromTheEnvironment() {
        Map<String, String> env = composeEnv();
        Map<String, String> kong = environment("kong");
        // Kong's nginx includes the server block the image installs
        assertThat(kong).containsEntry("KONG_NGINX_HTTP_INCLUDE", "/etc/kong/purge-server.conf")
                .containsEntry("KONG_NGINX_MAIN_ENV", "GATEWAY_PURGE_SECRET")
                .containsEntry("GATEWAY_PURGE_SECRET", env.get("GATEWAY_PURGE_SECRET"))
                .containsEntry("KONG_ADMIN_LISTEN", "off");
        assertThat(copies(dockerfile(DOCKER.resolve("kong/Dockerfile"))))
                .anyMatch(c -> c.sources().equals(List.of("docker/kong/purge-server.conf")) && c.destination().equals("/etc/kong/purge-server.conf"));
        // on STACK_BIND:GATEWAY_ADMIN_PORT, exposed to the compose network, never published
        String conf = read(PURGE_SERVER);
        assertThat(conf).contains("listen " + env.get("STACK_BIND") + ":" + env.get("GATEWAY_ADMIN_PORT") + ";")
                .contains("location = /internal/purge {")
                .contains("require(\"kong.plugins.phantom-token.purge_endpoint\").serve(")
                .contains("token_cache_seconds = " + env.get("GATEWAY_TOKEN_CACHE_SECONDS") + ",");
        assertThat(strings(service("kong").get("expose")).stream().map(p -> interpolate(p, env, "kong expose")).toList())
                .containsExactly(env.get("GATEWAY_ADMIN_PORT"));
        assertThat(strings(service("kong").get("ports")).stream().map(p -> interpolate(p, env, "kong ports")))
                .noneMatch(p -> p.contains(":" + env.get("GATEWAY_ADMIN_PORT")));
        // the cache it purges is the phantom-token plugin's
        for (Route r : routes().values()) {
            Map<String, Object> c = r.plugins().get("phantom-token");
            if (c != null) assertThat(conf).contains("cache_dict = \"" + c.get("cache_dict") + "\"");
            // the public listener has no purge route
            assertThat(r.paths()).noneMatch(p -> p.startsWith("/internal"));
        }
        // the handler reads the secret from the environment, nothing is literal
        String lua = read(DOCKER.resolve("kong/kong/plugins/phantom-token/purge_endpoint.lua"));
        assertThat(lua).contains("os.getenv(\"GATEWAY_PURGE_SECRET\")").contains("core.serve_purge(");
        assertThat(conf + lua).doesNotContain(env.get("GATEWAY_PURGE_SECRET"));
    }

    @Test
    void kongImageInstallsThePluginAndTheDeclarativeConfig() {
        var instructions = dockerfile(DOCKER.resolve("kong/Dockerfile"));
        assertThat(instructions.get(instructions.stream().map(Instruction::keyword).toList().indexOf("FROM")).args())
                .as("official Kong image").isEqualTo("kong:${KONG_VERSION}");
        Map<String, String> copied = new LinkedHashMap<>();
        for (Copy c : copies(instructions)) for (String s : c.sources()) copied.put(s, c.destination());
        assertThat(copied).containsEntry("docker/kong/kong.yml", "/etc/kong/kong.yml")
                .containsEntry("gateway/lua/phantom_token.lua", "/usr/local/share/lua/5.1/kong/plugins/phantom-token/phantom_token.lua");
        copied.keySet().forEach(s -> assertThat(ROOT.resolve(s)).as("COPY source %s", s).exists());
    }
}
