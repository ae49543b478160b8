package example.mcpauth.client.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import example.mcpauth.client.AuthorizedMcpClient;
import example.mcpauth.client.ClientConfig;
import example.mcpauth.client.McpAuthException;
import example.mcpauth.client.McpAuthException.Kind;
import example.mcpauth.client.authorization.BrowserLauncher;
import example.mcpauth.client.discovery.Urls;
import example.mcpauth.client.tokens.StoredToken;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Command-line program: {@code java -jar mcp-client.jar [options] <command> [arguments]}. */
public final class Main {

    static final String USAGE = """
            Usage: java -jar mcp-client.jar [options] <command> [arguments]

            Commands:
              tools/list                  list the server's tools (JSON on stdout)
              tools/call <name> [json]    call a tool with a JSON object of arguments (default {}); prints the result JSON
              login                       sign in if needed and print a summary (no token unless --show-token)
              logout                      delete the tokens stored for the server

            Options:
              --server <url>              MCP endpoint, e.g. http://localhost:8000/mcp (env MCP_SERVER_URL;
                                          a trailing http(s) URL argument is taken as the server too)
              --client-id <id>            pre-registered client ID (env MCP_CLIENT_ID)
              --client-secret <secret>    its secret for a confidential client (prefer env MCP_CLIENT_SECRET)
              --client-metadata-url <url> Client ID Metadata Document URL, used when the server supports CIMD
              --store-dir <dir>           tokens and registrations (default ~/.mcp-java-client, env MCP_CLIENT_STORE_DIR)
              --callback-port <port>      loopback redirect port on 127.0.0.1 (default 0: the registered one if free,
                                          else any free port)
              --scope <scopes>            extra scopes to request, space separated
              --browser system|none|http  system: open the system browser if possible (default); none: only print
                                          the URL; http: fetch the URL itself (auto-approving test servers)
              --no-browser                same as --browser none
              --timeout <seconds>         time allowed to finish signing in (default 300)
              --max-step-ups <n>          new sign-ins allowed on 403 insufficient_scope (default 1)
              --show-token                with login: also print the access token
              --legacy-discovery          if the server has no protected-resource metadata, use the MCP 2025-03-26
                                          rules (authorization server at the server's origin); off by default
              --protocol-era auto|modern|legacy
                                          auto: MCP 2026-07-28 when the server answers server/discover, else the
                                          initialize handshake (default); modern: 2026-07-28 only; legacy: the
                                          initialize handshake (2025-11-25) only
              --conformance-context       take client_id/client_secret from env MCP_CONFORMANCE_CONTEXT
              --verbose                   print stack traces of unexpected errors
              -h, --help                  this text

            The authorization URL is always printed on stderr as one line:
              Open this URL to sign in: <url>

            Exit codes: 0 ok, 1 the tool reported an error, 2 usage, 3 discovery, 4 registration,
            5 authorization (sign-in), 6 token endpoint, 7 access denied (403), 8 connection/MCP, 9 token storage.
            """;

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_ABSENT)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean verbose = List.of(args).contains("--verbose");
        try {
            return execute(args, out, err);
        } catch (McpAuthException e) {
            err.println("Error: " + e.getMessage());
            if (e.hint() != null) {
                err.println("What to do: " + e.hint());
            }
            if (verbose && e.getCause() != null) {
                e.getCause().printStackTrace(err);
            }
            return e.kind().exitCode();
        } catch (RuntimeException e) {
            err.println("Error: unexpected failure: " + e);
            err.println("What to do: run again with --verbose and report the output.");
            if (verbose) {
                e.printStackTrace(err);
            }
            return Kind.CONNECTION.exitCode();
        }
    }

    private static int execute(String[] args, PrintStream out, PrintStream err) throws McpAuthException {
        String server = System.getenv("MCP_SERVER_URL");
        String clientId = System.getenv("MCP_CLIENT_ID");
        String clientSecret = System.getenv("MCP_CLIENT_SECRET");
        String cimd = null;
        String store = System.getenv("MCP_CLIENT_STORE_DIR");
        int port = 0;
        String scope = null;
        BrowserLauncher.Mode browser = BrowserLauncher.Mode.SYSTEM;
        int timeout = 300;
        int maxStepUps = 1;
        boolean showToken = false;
        boolean conformance = false;
        boolean legacy = false;
        AuthorizedMcpClient.Era era = null;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    out.print(USAGE);
                    return 0;
                }
                case "--server" -> server = value(args, ++i, a);
                case "--client-id" -> clientId = value(args, ++i, a);
                case "--client-secret" -> clientSecret = value(args, ++i, a);
                case "--client-metadata-url" -> cimd = value(args, ++i, a);
                case "--store-dir" -> store = value(args, ++i, a);
                case "--callback-port" -> port = intValue(args, ++i, a, 0, 65535);
                case "--scope" -> scope = value(args, ++i, a);
                case "--browser" -> browser = mode(value(args, ++i, a));
                case "--no-browser" -> browser = BrowserLauncher.Mode.NONE;
                case "--timeout" -> timeout = intValue(args, ++i, a, 1, 86400);
                case "--max-step-ups" -> maxStepUps = intValue(args, ++i, a, 0, 5);
                case "--show-token" -> showToken = true;
                case "--conformance-context" -> conformance = true;
                case "--legacy-discovery" -> legacy = true;
                case "--protocol-era" -> era = protocolEra(value(args, ++i, a));
                case "--verbose" -> {
                }
                default -> {
                    if (a.startsWith("--")) {
                        throw usage("Unknown option " + a + ".");
                    }
                    positional.add(a);
                }
            }
        }
        // a trailing URL (how the MCP conformance suite passes the server) is the server
        if (!positional.isEmpty() && looksLikeUrl(positional.get(positional.size() - 1))
                && (server == null || server.isBlank() || positional.size() > 1)) {
            server = positional.remove(positional.size() - 1);
        }
        if (conformance) {
            String ctx = System.getenv("MCP_CONFORMANCE_CONTEXT");
            if (ctx != null && !ctx.isBlank()) {
                try {
                    JsonNode n = JSON.readTree(ctx);
                    if (n.hasNonNull("client_id")) {
                        clientId = n.get("client_id").asText();
                    }
                    if (n.hasNonNull("client_secret")) {
                        clientSecret = n.get("client_secret").asText();
                    }
                } catch (Exception e) {
                    throw usage("MCP_CONFORMANCE_CONTEXT is not valid JSON.");
                }
            }
        }
        if (server == null || server.isBlank()) {
            throw usage("No MCP server given.");
        }
        if (positional.isEmpty()) {
            throw usage("No command given.");
        }
        URI serverUrl;
        try {
            serverUrl = Urls.parseHttpUrl(server, "The server URL");
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage() + ".");
        }
        ClientConfig cfg = ClientConfig.defaults(serverUrl)
                .withClient(clientId, clientSecret, cimd)
                .withStoreDir(store == null || store.isBlank() ? ClientConfig.defaultStoreDir() : Path.of(store))
                .withCallbackPort(port)
                .withScope(scope)
                .withBrowser(browser)
                .withAuthTimeout(Duration.ofSeconds(timeout))
                .withMaxStepUps(maxStepUps)
                .withLegacyDiscovery(legacy)
                .withProtocolEra(era);

        String command = positional.get(0);
        switch (command) {
            case "tools/list" -> {
                expectArgs(positional, 1, 1);
                try (AuthorizedMcpClient c = new AuthorizedMcpClient(cfg, err)) {
                    print(out, c.listTools());
                }
                return 0;
            }
            case "tools/call" -> {
                expectArgs(positional, 2, 3);
                String name = positional.get(1);
                Map<String, Object> arguments = parseArguments(positional.size() > 2 ? positional.get(2) : "{}");
                try (AuthorizedMcpClient c = new AuthorizedMcpClient(cfg, err)) {
                    McpSchema.ListToolsResult tools = c.listTools();
                    if (tools.tools() != null && tools.tools().stream().noneMatch(t -> t.name().equals(name))) {
                        throw new McpAuthException(Kind.USAGE, "The MCP server has no tool named '" + name + "'.",
                                "Available tools: " + tools.tools().stream().map(McpSchema.Tool::name).toList()
                                        + " (see tools/list).");
                    }
                    McpSchema.CallToolResult result = c.callTool(name, arguments);
                    print(out, result);
                    if (Boolean.TRUE.equals(result.isError())) {
                        err.println("The tool '" + name + "' reported an error (see the result above).");
                        return Kind.TOOL_ERROR.exitCode();
                    }
                }
                return 0;
            }
            case "login" -> {
                expectArgs(positional, 1, 1);
                try (AuthorizedMcpClient c = new AuthorizedMcpClient(cfg, err)) {
                    c.listTools();
                    StoredToken t = c.authorization().currentToken();
                    Map<String, Object> summary = new LinkedHashMap<>();
                    summary.put("server", serverUrl.toString());
                    summary.put("protocol_version", c.protocolVersion());
                    summary.put("authorized", t != null);
                    if (t != null) {
                        summary.put("issuer", t.issuer());
                        summary.put("resource", t.resource());
                        summary.put("client_id", t.clientId());
                        summary.put("scope", t.scope());
                        summary.put("expires_at", t.expiresAt() == null ? null : Instant.ofEpochSecond(t.expiresAt()).toString());
                        summary.put("refresh_token", t.refreshToken() != null);
                        summary.put("stored_in", c.authorization().tokenStore().path(t.issuer(), t.resource()).toString());
                        if (showToken) {
                            summary.put("access_token", t.accessToken());
                        }
                    }
                    print(out, summary);
                }
                return 0;
            }
            case "logout" -> {
                expectArgs(positional, 1, 1);
                try (AuthorizedMcpClient c = new AuthorizedMcpClient(cfg, err)) {
                    int n = c.authorization().tokenStore().deleteForServer(serverUrl);
                    err.println("Deleted " + n + " stored token file(s) for " + serverUrl + ".");
                }
                return 0;
            }
            default -> throw usage("Unknown command '" + command + "'.");
        }
    }

    private static Map<String, Object> parseArguments(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException();
            }
            return JSON.convertValue(n, new TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            throw usage("The tool arguments must be a JSON object, e.g. '{\"region\":\"USA\"}'; got: " + json);
        }
    }

    private static void print(PrintStream out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
            out.flush();
        } catch (Exception e) {
            throw new McpAuthException(Kind.CONNECTION, "Could not print the result as JSON: " + e.getMessage(), "Report this.");
        }
    }

    private static boolean looksLikeUrl(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
    }

    private static void expectArgs(List<String> positional, int min, int max) {
        if (positional.size() < min || positional.size() > max) {
            throw usage("Wrong number of arguments for " + positional.get(0) + ".");
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw usage("Option " + option + " needs a value.");
        }
        return args[i];
    }

    private static int intValue(String[] args, int i, String option, int min, int max) {
        String v = value(args, i, option);
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw usage("Option " + option + " needs a number from " + min + " to " + max + "; got " + v + ".");
        }
    }

    private static BrowserLauncher.Mode mode(String v) {
        try {
            return BrowserLauncher.Mode.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--browser must be system, none or http; got " + v + ".");
        }
    }

    /** {@code auto} is null (detect), else the era to speak. */
    private static AuthorizedMcpClient.Era protocolEra(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "auto" -> null;
            case "modern" -> AuthorizedMcpClient.Era.MODERN;
            case "legacy" -> AuthorizedMcpClient.Era.LEGACY;
            default -> throw usage("--protocol-era must be auto, modern or legacy; got " + v + ".");
        };
    }

    private static McpAuthException usage(String message) {
        return new McpAuthException(Kind.USAGE, message, "Run with --help for the usage.");
    }
}
