package example.mcpauth.e2e.bench;

import example.mcpauth.e2e.Browser;
import example.mcpauth.e2e.E2e;
import example.mcpauth.e2e.McpHttp;
import example.mcpauth.e2e.Tokens;
import example.mcpauth.testsupport.OAuthClient;
import example.mcpauth.testsupport.StackSettings;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Measures the running stack (./stack bench). Not a test: it prints figures and asserts nothing.
 * <pre>
 *   signin TOKEN_FILE              sign john.doe in through a real browser, keep the token (0600)
 *   prepare TOKEN_FILE DIR         DIR/jwt: the gateway's JWT for the token (introspected once, 0600, for
 *                                  wrk); DIR/ceiling-body.json: the bytes GET /api/stocks answers john
 *                                  (what the bench-ceiling WAR serves)
 *   measure TOKEN_FILE LABEL SECONDS ROUNDS TARGETS LEVELS [ratios]
 *                                  for each concurrency of LEVELS (comma-separated), ROUNDS rounds that
 *                                  alternate between the TARGETS (comma-separated: chain, mcp, ceiling,
 *                                  api), SECONDS per target and level in all; one table row per target
 *                                  and level; "ratios" prints chain/ceiling at c=1 (p50) and c=16 (req/s)
 * </pre>
 * Environment: BENCH_CLIENT=jdk measures with the JDK HttpClient the benchmark used before (see
 * {@link Load}); BENCH_WARMUP_SECONDS (default 10): the least warm-up per
 * target before the first level (it goes on while the latency still falls, up to 90 s).
 */
public final class Benchmark {

    private static final String TOOL_CALL = """
            {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"fetch-stock-prices","arguments":{}}}""";
    private static final String MARKER = "COM1";
    private static final double SLOW_NANOS = 200e6;

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "signin" -> signIn(Path.of(args[1]));
            case "prepare" -> prepare(token(args[1]), Path.of(args[2]));
            case "measure" -> measure(token(args[1]), args[2], Double.parseDouble(args[3]), Integer.parseInt(args[4]),
                    List.of(args[5].split(",")), ints(args[6]), args.length > 7 && args[7].equals("ratios"));
            default -> throw new IllegalArgumentException("signin | prepare | measure");
        }
        System.exit(0);
    }

    private static String token(String file) throws Exception {
        return Files.readString(Path.of(file)).trim();
    }

    private static List<Integer> ints(String csv) {
        List<Integer> l = new ArrayList<>();
        for (String s : csv.split(",")) l.add(Integer.parseInt(s.trim()));
        return l;
    }

    private static void signIn(Path tokenFile) throws Exception {
        OAuthClient client = OAuthClient.register("Benchmark client", "http://127.0.0.1:18480/callback");
        try (Browser browser = new Browser(E2e.workDir("bench"), null)) {
            String landed = browser.signIn(client.authorizationUrl(), E2e.JOHN, E2e.inbox(), Browser.Consent.APPROVE, null);
            writePrivate(tokenFile, client.redeemRedirect(landed).path("access_token").asText());
        }
    }

    private static void writePrivate(Path file, String content) throws Exception {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }

    private static void prepare(String opaque, Path dir) throws Exception {
        String jwt = Tokens.introspectToJwt(opaque);
        writePrivate(dir.resolve("jwt"), jwt);
        String apiToken = Tokens.exchangeForApi(jwt);
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(E2e.stack().stocksApiUrl() + "/stocks")).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + apiToken).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        if (r.statusCode() != 200 || !body.contains(MARKER)) {
            throw new IllegalStateException("GET /api/stocks answered " + r.statusCode() + ": " + body);
        }
        Files.write(dir.resolve("ceiling-body.json"), r.body());
    }

    /** The rows' requests: the labels of the table and how each is sent. */
    private static Map<String, Load.Target> targets(String opaque) {
        StackSettings s = E2e.stack();
        String jwt = Tokens.introspectToJwt(opaque);       // what the gateway forwards
        String apiToken = Tokens.exchangeForApi(jwt);       // what the MCP server sends the API
        Map<String, String> mcpHeaders = Load.headers("Content-Type", "application/json",
                "Accept", "application/json, text/event-stream", "MCP-Protocol-Version", McpHttp.VERSION);
        Map<String, Load.Target> t = new LinkedHashMap<>();
        t.put("chain", new Load.Target("tools/call fetch-stock-prices via gateway", URI.create(s.mcpUrl()), "POST",
                with(mcpHeaders, "Authorization", "Bearer " + opaque), TOOL_CALL, MARKER));
        t.put("mcp", new Load.Target("tools/call direct to Liberty (gateway's JWT)",
                URI.create(s.libertyUrl() + s.get("MCP_PATH")), "POST", with(mcpHeaders, "Authorization", "Bearer " + jwt), TOOL_CALL, MARKER));
        t.put("ceiling", new Load.Target("ceiling: servlet + 1 loopback JAX-RS call",
                URI.create(s.libertyUrl() + "/bench-ceiling/call"), "POST", mcpHeaders, TOOL_CALL, MARKER));
        t.put("api", new Load.Target("GET /api/stocks direct (exchanged JWT)", URI.create(s.stocksApiUrl() + "/stocks"), "GET",
                Load.headers("Authorization", "Bearer " + apiToken), null, MARKER));
        return t;
    }

    private static Map<String, String> with(Map<String, String> base, String k, String v) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.put(k, v);
        return m;
    }

    private static void measure(String opaque, String label, double seconds, int rounds, List<String> names,
                                List<Integer> levels, boolean ratios) throws Exception {
        Load.Kind kind = "jdk".equalsIgnoreCase(System.getenv("BENCH_CLIENT")) ? Load.Kind.JDK : Load.Kind.SOCKET;
        double warmup = Double.parseDouble(System.getenv().getOrDefault("BENCH_WARMUP_SECONDS", "10"));
        Map<String, Load.Target> all = targets(opaque);
        List<Load.Target> chosen = new ArrayList<>();
        for (String n : names) {
            Load.Target t = all.get(n);
            if (t == null) throw new IllegalArgumentException("unknown target " + n + " (one of " + all.keySet() + ")");
            chosen.add(t);
        }
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        // warm-up of both JVMs (the servers' JIT and this one's), not counted: on 2 shared cores Liberty
        // needs far more than a few seconds before the MCP path is compiled (measured: a tool call's p50
        // fell from 12 to 2.4 ms over 40 s), so each target runs in 2 s slices until its p50 stops
        // falling (within 10 % of the slice before), at least BENCH_WARMUP_SECONDS, at most 90 s
        for (Load.Target t : chosen) {
            Load.Connection[] clients = open(kind, t, 4);
            double before = Double.MAX_VALUE, spent = 0;
            while (spent < 90) {
                Load.Samples slice = new Load.Samples();
                Load.run(pool, clients, 2, slice);
                spent += 2;
                double p50 = percentileMs(slice.sorted(), 0.5);
                if (spent >= warmup && p50 > before * 0.9) break;
                before = Math.min(before, p50);
            }
            close(clients);
            System.err.printf(Locale.ROOT, "warm-up of %s: %.0f s%n", t.name(), spent);
        }
        Map<String, Load.Samples> results = new LinkedHashMap<>();
        for (int c : levels) {
            Map<Load.Target, Load.Connection[]> clients = new LinkedHashMap<>();
            Map<Load.Target, Load.Samples> row = new LinkedHashMap<>();
            for (Load.Target t : chosen) {
                clients.put(t, open(kind, t, c));
                row.put(t, new Load.Samples());
            }
            double slice = seconds / rounds;
            for (Load.Target t : chosen) Load.run(pool, clients.get(t), Math.min(1.0, slice), new Load.Samples());  // this level's warm-up
            for (int r = 0; r < rounds; r++) {
                for (Load.Target t : chosen) Load.run(pool, clients.get(t), slice, row.get(t));
            }
            String load = loadAverage();
            for (Load.Target t : chosen) {
                close(clients.get(t));
                row(label, t.name(), c, row.get(t), load);
                results.put(key(t, c), row.get(t));
            }
        }
        if (ratios) printRatios(all, results, levels);
    }

    private static String key(Load.Target t, int c) {
        return t.name() + "@" + c;
    }

    private static Load.Connection[] open(Load.Kind kind, Load.Target t, int n) throws Exception {
        Load.Connection[] clients = new Load.Connection[n];
        for (int i = 0; i < n; i++) clients[i] = Load.open(kind, t);
        return clients;
    }

    private static void close(Load.Connection[] clients) {
        for (Load.Connection c : clients) c.close();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private static double rps(Load.Samples s) {
        return s == null || s.seconds == 0 ? Double.NaN : s.size / s.seconds;
    }

    private static double percentileMs(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(i, 0)] / 1e6;
    }

    private static void row(String label, String what, int c, Load.Samples s, String load) {
        long[] sorted = s.sorted();
        long slow = 0;
        for (long v : sorted) if (v > SLOW_NANOS) slow++;
        System.out.printf(Locale.ROOT, "| %-8s | %-44s | %3d | %8.1f | %7.2f | %7.2f | %8.1f | %6d | %4d | %5s |%n",
                label, what, c, rps(s), percentileMs(sorted, 0.50), percentileMs(sorted, 0.99),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6, slow, s.errors, load);
    }

    private static void printRatios(Map<String, Load.Target> all, Map<String, Load.Samples> results, List<Integer> levels) {
        Load.Target chain = all.get("chain"), mcp = all.get("mcp"), ceiling = all.get("ceiling");
        System.out.println();
        if (levels.contains(1)) {
            double ceilingP50 = p50(results.get(key(ceiling, 1)));
            System.out.printf(Locale.ROOT, "c=1  p50: chain / ceiling = %.2fx (goal <= 2x); MCP direct / ceiling = %.2fx%n",
                    p50(results.get(key(chain, 1))) / ceilingP50, p50(results.get(key(mcp, 1))) / ceilingP50);
        }
        if (levels.contains(16)) {
            double ceilingRps = rps(results.get(key(ceiling, 16)));
            System.out.printf(Locale.ROOT, "c=16 req/s: chain / ceiling = %.2fx (goal >= 0.5x); MCP direct / ceiling = %.2fx%n",
                    rps(results.get(key(chain, 16))) / ceilingRps, rps(results.get(key(mcp, 16))) / ceilingRps);
        }
    }

    private static double p50(Load.Samples s) {
        return s == null ? Double.NaN : percentileMs(s.sorted(), 0.5);
    }
}
