package example.mcpauth.e2e.bench;

import example.mcpauth.e2e.Browser;
import example.mcpauth.e2e.E2e;
import example.mcpauth.e2e.McpHttp;
import example.mcpauth.e2e.Tokens;
import example.mcpauth.testsupport.OAuthClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Measures the running stack (./stack bench). Not a test: it prints figures.
 *   signin TOKEN_FILE                      sign john.doe in through a real browser, keep the token (0600)
 *   measure TOKEN_FILE LABEL SECONDS C...  requests/s, p50, p99 of tools/call through the gateway and of
 *                                          GET /stocks straight to the API, at each concurrency C
 */
public final class Benchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(32)).build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "signin" -> signIn(Path.of(args[1]));
            case "measure" -> {
                String token = Files.readString(Path.of(args[1])).trim();
                String label = args[2];
                int seconds = Integer.parseInt(args[3]);
                List<Integer> levels = new ArrayList<>();
                for (int i = 4; i < args.length; i++) levels.add(Integer.parseInt(args[i]));
                measureAll(token, label, seconds, levels);
            }
            default -> throw new IllegalArgumentException("signin | measure");
        }
        System.exit(0);
    }

    private static void signIn(Path tokenFile) throws Exception {
        OAuthClient client = OAuthClient.register("Benchmark client", "http://127.0.0.1:18480/callback");
        try (Browser browser = new Browser(E2e.workDir("bench"), null)) {
            String landed = browser.signIn(client.authorizationUrl(), E2e.JOHN, E2e.inbox(), Browser.Consent.APPROVE, null);
            String token = client.redeemRedirect(landed).path("access_token").asText();
            Files.deleteIfExists(tokenFile);
            Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tokenFile, token);
        }
    }

    private static void measureAll(String opaque, String label, int seconds, List<Integer> levels) throws Exception {
        String mcpUrl = E2e.stack().mcpUrl();
        String apiToken = exchange(opaque);
        String body = """
                {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"fetch-stock-prices","arguments":{}}}""";
        HttpRequest toolCall = HttpRequest.newBuilder(URI.create(mcpUrl)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", McpHttp.VERSION).header("Authorization", "Bearer " + opaque)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpRequest stocks = HttpRequest.newBuilder(URI.create(E2e.stack().stocksApiUrl() + "/stocks"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + apiToken).GET().build();
        for (int c : levels) {
            row(label, "tools/call fetch-stock-prices via gateway", c, run(toolCall, c, seconds, "COM1"));
        }
        for (int c : levels) {
            row(label, "GET /api/stocks direct (exchanged JWT)", c, run(stocks, c, seconds, "COM1"));
        }
    }

    private static String exchange(String opaque) throws Exception {
        // the same two steps the gateway and the MCP server take
        return Tokens.exchangeForApi(Tokens.introspectToJwt(opaque));
    }

    record Result(long requests, long errors, double seconds, List<Long> latenciesNanos) {
        double rps() { return requests / seconds; }
        double percentileMs(double p) {
            if (latenciesNanos.isEmpty()) return Double.NaN;
            int i = (int) Math.min(latenciesNanos.size() - 1, Math.ceil(p * latenciesNanos.size()) - 1);
            return latenciesNanos.get(Math.max(i, 0)) / 1e6;
        }
    }

    private static Result run(HttpRequest request, int concurrency, int seconds, String mustContain) throws Exception {
        // warm-up: connections, JIT, caches
        for (int i = 0; i < 20; i++) HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<long[]>> workers = new ArrayList<>();
        List<List<Long>> samples = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            List<Long> mine = new ArrayList<>();
            samples.add(mine);
            workers.add(pool.submit(() -> {
                long ok = 0, bad = 0;
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                    long dt = System.nanoTime() - t0;
                    if (r.statusCode() == 200 && r.body().contains(mustContain)) { ok++; mine.add(dt); } else bad++;
                }
                return new long[] {ok, bad};
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        long ok = 0, bad = 0;
        for (Future<long[]> f : workers) { long[] r = f.get(); ok += r[0]; bad += r[1]; }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        List<Long> all = new ArrayList<>();
        samples.forEach(all::addAll);
        Collections.sort(all);
        return new Result(ok, bad, elapsed, all);
    }

    private static void row(String label, String what, int c, Result r) {
        System.out.printf("| %-16s | %-42s | %3d | %8.1f | %7.2f | %7.2f | %5d |%n",
                label, what, c, r.rps(), r.percentileMs(0.50), r.percentileMs(0.99), r.errors());
    }
}
