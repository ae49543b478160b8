package example.mcpauth.gateway;

import example.mcpauth.gateway.support.Gateway;
import example.mcpauth.gateway.support.GatewayFixture;
import example.mcpauth.gateway.support.Secrets;
import example.mcpauth.gateway.support.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static example.mcpauth.gateway.support.GatewayFixture.HTTP;
import static example.mcpauth.gateway.support.GatewayFixture.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kong cannot run here, but its purge endpoint is plain nginx + Lua: docker/kong/purge-server.conf
 * (the server block Kong's nginx includes) and purge_endpoint.lua run here in a real nginx, laid
 * out the way the Kong image installs them (the core as kong.plugins.phantom-token.phantom_token),
 * with the secret in the environment as compose passes it.
 */
@Order(6)
class KongPurgeServerTest {
    static final int PORT = 28039;
    static final String SECRET = Secrets.remember("kong-purge-" + Secrets.opaqueToken().substring(3, 20));
    static Process nginx;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path root = Stack.root();
        dir = root.resolve(Gateway.STATE_ROOT).resolve("kong-purge");
        Path plugin = dir.resolve("lua/kong/plugins/phantom-token");
        Files.createDirectories(plugin);
        Files.createDirectories(dir.resolve("logs"));
        // the image's layout: the plugin folder plus the core copied next to it
        Files.copy(root.resolve("docker/kong/kong/plugins/phantom-token/purge_endpoint.lua"), plugin.resolve("purge_endpoint.lua"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(root.resolve("gateway/lua/phantom_token.lua"), plugin.resolve("phantom_token.lua"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String server = Stack.read(root.resolve("docker/kong/purge-server.conf"));
        assertThat(server).contains("listen 0.0.0.0:8001;").contains("access_log /dev/stdout;");
        // the one change: a loopback test port instead of the container's 0.0.0.0:8001
        Files.writeString(dir.resolve("purge-server.conf"), server.replace("listen 0.0.0.0:8001;", "listen 127.0.0.1:" + PORT + ";")
                .replace("access_log /dev/stdout;", "access_log " + dir.resolve("logs/access.log") + ";"));
        String modules = System.getenv().getOrDefault("NGINX_MODULES_DIR", "/usr/lib/nginx/modules");
        // what Kong's own template provides around the include: the shared dict, the env directive
        Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                "load_module " + modules + "/ndk_http_module.so;",
                "load_module " + modules + "/ngx_http_lua_module.so;",
                "daemon off;", "worker_processes 1;", "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("logs/error.log") + " notice;",
                "env GATEWAY_PURGE_SECRET;",
                "events { worker_connections 64; }",
                "http {",
                "    lua_package_path \"" + dir.resolve("lua") + "/?.lua;;\";",
                "    lua_shared_dict phantom_token 1m;",
                "    client_body_temp_path " + dir.resolve("client_body") + ";",
                "    include " + dir.resolve("purge-server.conf") + ";",
                "}", ""));
        ProcessBuilder pb = new ProcessBuilder(System.getenv().getOrDefault("NGINX", "nginx"), "-p", dir.toString(),
                "-c", dir.resolve("nginx.conf").toString(), "-e", dir.resolve("logs/error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/stdout.log").toFile());
        pb.environment().put("GATEWAY_PURGE_SECRET", SECRET);
        nginx = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(KongPurgeServerTest::stop));
        for (int i = 0; i < 100 && !answers(); i++) {
            // the description is read only on failure: nginx creates error.log a moment after it starts
            assertThat(nginx.isAlive()).as(() -> "nginx with purge-server.conf runs; " + errorLog()).isTrue();
            Thread.sleep(100);
        }
    }

    static String errorLog() {
        Path log = dir.resolve("logs/error.log");
        return Files.exists(log) ? Stack.read(log) : "(no error.log yet)";
    }

    static boolean answers() {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", PORT)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterAll
    static void stop() {
        if (nginx != null && nginx.isAlive()) {
            nginx.destroy(); // SIGTERM to the master, by its PID
            try {
                nginx.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static HttpResponse<String> post(String path, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) b.header("Authorization", authorization);
        return GatewayFixture.send(b);
    }

    @Test
    void theSecretFromTheEnvironmentPurges() throws Exception {
        HttpResponse<String> res = post("/internal/purge", "Bearer " + SECRET, "{\"sub\":\"john\",\"client_id\":\"inspector\"}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(JSON.readTree(res.body()).path("purged").asInt(-1)).isZero();
        assertThat(Stack.read(dir.resolve("logs/error.log"))).contains("purge for sub john and client inspector removed 0");
    }

    @Test
    void theSameContractAsTheLocalGateway() throws Exception {
        for (String wrong : List.of("Bearer " + SECRET + "x", "Bearer purge-Password1")) {
            assertThat(post("/internal/purge", wrong, "{\"sub\":\"john\"}").statusCode()).isEqualTo(401);
        }
        assertThat(post("/internal/purge", null, "{\"sub\":\"john\"}").statusCode()).isEqualTo(401);
        assertThat(post("/internal/purge", "Bearer " + SECRET, "{\"client_id\":\"x\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/internal/purge")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(post("/mcp", "Bearer " + SECRET, "{}").statusCode()).isEqualTo(404);
        // Kong's access log line for the endpoint (nginx's combined format) holds no header value
        assertThat(Stack.read(dir.resolve("logs/access.log"))).contains("POST /internal/purge HTTP/1.1\" 401").doesNotContain(SECRET);
    }
}
