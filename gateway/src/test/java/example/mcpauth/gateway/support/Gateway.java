package example.mcpauth.gateway.support;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real nginx gateway started with scripts/gateway.sh (the same rendering code ./stack uses),
 * with settings overridden through the environment, stopped by PID with scripts/gateway.sh stop.
 */
public final class Gateway implements AutoCloseable {
    /** All state of the gateway tests lives below this folder of the project (git-ignored). */
    public static final String STATE_ROOT = ".stack-test/gateway-junit";

    /** The admin server (purge endpoint) of a gateway on port p listens on p + ADMIN_PORT_OFFSET. */
    public static final int ADMIN_PORT_OFFSET = 9;

    private final Map<String, String> env;
    private final int port;
    private final int adminPort;
    private boolean running;

    private Gateway(Map<String, String> env, int port, int adminPort) {
        this.env = env;
        this.port = port;
        this.adminPort = adminPort;
    }

    /**
     * Starts nginx on {@code port}, its admin server on {@code port + ADMIN_PORT_OFFSET} (never
     * config/test.env's, which a concurrent full run uses). {@code name} selects its state
     * folder; {@code overrides} are settings keys.
     */
    public static Gateway start(String name, int port, Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("STACK_STATE_DIR", STATE_ROOT + "/" + name);
        env.put("GATEWAY_PORT", Integer.toString(port));
        env.put("GATEWAY_ADMIN_PORT", Integer.toString(port + ADMIN_PORT_OFFSET));
        // one upstream server (the test's): config/test.env's second instance would be a port no test serves
        env.put("LIBERTY_INSTANCES", "1");
        env.putAll(overrides);
        Gateway g = new Gateway(env, port, Integer.parseInt(env.get("GATEWAY_ADMIN_PORT")));
        Runtime.getRuntime().addShutdownHook(new Thread(g::close));
        Stack.run(env, "scripts/gateway.sh", "stop"); // a leftover of an aborted run, by its PID
        Stack.run(env, "scripts/gateway.sh", "start");
        g.running = true;
        return g;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** A URL of the admin server (the purge endpoint's port). */
    public String adminUrl(String path) {
        return "http://127.0.0.1:" + adminPort + path;
    }

    public Path stateDir() {
        return Stack.root().resolve(env.get("STACK_STATE_DIR"));
    }

    public Path errorLog() {
        return stateDir().resolve("logs/gateway.log");
    }

    /** The audit trail (AUDIT_LOG_DIR defaults to the state folder's logs/). */
    public Path auditLog() {
        return stateDir().resolve("logs/audit-gateway.jsonl");
    }

    /** Runs another command of scripts/gateway.sh (e.g. rotate-audit) with this gateway's settings; its output. */
    public String script(String command) {
        return Stack.run(env, "scripts/gateway.sh", command);
    }

    public Path accessLog() {
        return stateDir().resolve("logs/gateway-access.log");
    }

    @Override
    public synchronized void close() {
        if (running) {
            running = false;
            Stack.run(env, "scripts/gateway.sh", "stop");
        }
    }
}
