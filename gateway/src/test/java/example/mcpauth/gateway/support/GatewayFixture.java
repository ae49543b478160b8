package example.mcpauth.gateway.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One test class's gateway: a real nginx started by scripts/gateway.sh on {@code port} (its admin
 * server on port + {@link Gateway#ADMIN_PORT_OFFSET}) in front of a {@link TestUpstream} in Liberty's
 * place on port + 2, introspecting at an {@link IntrospectionServer} on port + 1 with the settings'
 * gateway client. Started before the class's tests, stopped after them:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final GatewayFixture gw = new GatewayFixture("audit", 28040, Map.of("GATEWAY_TOKEN_CACHE_SECONDS", "900"));
 * ... gw.introspection().answer(token, jsonActive(jwt, exp)); gw.bearer("/mcp", token); gw.upstream().next(); ...
 * }</pre>
 */
public final class GatewayFixture implements BeforeAllCallback, AfterAllCallback {

    /** An HTTP/1.1 client (the gateway's tests look at the connection's behaviour). */
    public static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    public static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final int port;
    private final Map<String, String> overrides;
    private IntrospectionServer introspection;
    private TestUpstream upstream;
    private Gateway gateway;
    private Map<String, String> settings;
    private StartHook beforeStart = stateDir -> { };

    /** What runs before the gateway starts, with its state folder (e.g. to delete an earlier run's files). */
    @FunctionalInterface
    public interface StartHook {
        void run(Path stateDir) throws Exception;
    }

    /** {@code name} selects the state folder; {@code overrides} are settings keys (besides the ports and the endpoint). */
    public GatewayFixture(String name, int port, Map<String, String> overrides) {
        this.name = name;
        this.port = port;
        this.overrides = Map.copyOf(overrides);
    }

    /** Runs {@code hook} before the gateway starts. */
    public GatewayFixture beforeStart(StartHook hook) {
        this.beforeStart = hook;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // MCP_RESOURCE (the challenge's metadata URL) follows GATEWAY_PORT, as in the gateway's rendering
        Map<String, String> env = new LinkedHashMap<>(Map.of("GATEWAY_PORT", Integer.toString(port)));
        Map<String, String> client = Stack.settings(env);
        Secrets.remember(client.get("GATEWAY_CLIENT_SECRET"));
        introspection = new IntrospectionServer(port + 1, client.get("GATEWAY_CLIENT_ID"), client.get("GATEWAY_CLIENT_SECRET")).start();
        upstream = new TestUpstream(port + 2);
        env.put("LIBERTY_HTTP_PORT", Integer.toString(port + 2));
        env.put("AS_INTROSPECTION_ENDPOINT", introspection.endpoint());
        env.putAll(overrides);
        settings = Stack.settings(env);
        beforeStart.run(Stack.root().resolve(Gateway.STATE_ROOT).resolve(name));
        gateway = Gateway.start(name, port, env);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (gateway != null) gateway.close();
        } finally {
            if (upstream != null) upstream.close();
            if (introspection != null) introspection.close();
        }
    }

    public IntrospectionServer introspection() {
        return introspection;
    }

    public TestUpstream upstream() {
        return upstream;
    }

    public Gateway gateway() {
        return gateway;
    }

    /** The settings as the gateway's start resolved them (config/test.env, the ports, the overrides). */
    public Map<String, String> settings() {
        return settings;
    }

    /** A request to the gateway's public port, with a 10 s timeout. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(10));
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET {@code path} with this Authorization header (null: none). */
    public HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).GET();
        if (authorization != null) b.header("Authorization", authorization);
        return send(b);
    }

    /** GET {@code path} with {@code Authorization: Bearer <token>}. */
    public HttpResponse<String> bearer(String path, String token) throws IOException, InterruptedException {
        return get(path, "Bearer " + token);
    }
}
