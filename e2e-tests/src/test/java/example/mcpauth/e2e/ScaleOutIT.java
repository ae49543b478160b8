package example.mcpauth.e2e;

import example.mcpauth.testsupport.Command;
import example.mcpauth.testsupport.OAuthClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-out (issue 14): the stack of the end-to-end tests runs {@code LIBERTY_INSTANCES} (config/test.env: 2)
 * Liberty instances behind the gateway.
 * <ol>
 * <li>No instance keeps state another would miss: a 2025-11-25 client initializes on one instance and calls a
 *     tool on the other (no {@code Mcp-Session-Id}, no cookie), a 2026-07-28 call works on each, each instance
 *     audits its own calls in its own folder, and the gateway spreads calls over both.</li>
 * <li>One instance killed ({@code kill -9} of its process group) while {@value #THREADS} clients call
 *     {@code fetch-stock-prices} through the gateway with john's real token: every call the gateway did not
 *     hand to the killed instance as its last try succeeds (a refused connection goes on to the other
 *     instance), and every call that was on the killed instance when it died gets the gateway's JSON 502,
 *     never an HTML page, a stack trace or no answer. The gateway's access log says, per trace id, which
 *     instances a call went to. The counts are printed; the killed instance is started again after.</li>
 * </ol>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    static final int THREADS = 8;
    /** Calls completed before the kill (the load is running on both instances by then). */
    static final int CALLS_BEFORE_KILL = 300;
    /**
     * How long the load goes on after the kill: past the gateway's fail_timeout (10 s) for the killed
     * instance, so that the gateway tries it again at least once, and is refused (load shape, not a check).
     */
    static final Duration LOAD_AFTER_KILL = Duration.ofSeconds(14);
    static final String MODERN = "2026-07-28";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static String opaque;
    static String jwt;
    static int instances;
    static boolean killed;

    @BeforeAll
    static void signIn() {
        instances = Integer.parseInt(E2e.stack().get("LIBERTY_INSTANCES"));
        assertThat(instances).as("LIBERTY_INSTANCES of the stack under test (config/test.env runs 2)").isGreaterThanOrEqualTo(2);
        OAuthClient client = OAuthClient.register("E2E scale-out");
        opaque = client.loginForToken(E2e.inbox(), E2e.JOHN).path("access_token").asText();
        jwt = Tokens.introspectToJwt(opaque);
    }

    @AfterAll
    static void startTheKilledInstanceAgain() {
        if (!killed) return;
        // scripts/liberty.sh start starts the instances that do not run (and waits until they are ready)
        Command.Result r = Command.in(E2e.stack().root()).timeout(Duration.ofSeconds(240)).run("scripts/liberty.sh", "start");
        System.out.println("ScaleOutIT: scripts/liberty.sh start after the kill exited " + r.exitCode() + "\n" + r.output());
        assertThat(r.exitCode()).as("the killed instance starts again").isZero();
    }

    static int port(int instance) {
        return E2e.stack().port("LIBERTY_HTTP_PORT") + instance - 1;
    }

    static String direct(int instance) {
        return "http://127.0.0.1:" + port(instance) + E2e.stack().get("MCP_PATH");
    }

    static String instanceName(int instance) {
        return instance == 1 ? "liberty" : "liberty-" + instance;
    }

    static String newTrace() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static HttpResponse<String> post(String url, String bearer, String body, String trace, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + bearer)
                .header("traceparent", "00-" + trace + "-00f067aa0ba902b7-01")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static final String CALL_2025 = """
            {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"fetch-stock-prices","arguments":{}}}""";

    static HttpResponse<String> call2025(String url, String bearer, String trace) throws Exception {
        return post(url, bearer, CALL_2025, trace, Map.of("MCP-Protocol-Version", McpHttp.VERSION));
    }

    /** The tool result of a successful call, or null when the answer is not one. */
    static JsonNode toolResult(HttpResponse<String> r) {
        return toolResult(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    static JsonNode toolResult(int status, String contentType, String body) {
        if (status != 200) return null;
        try {
            JsonNode message = JSON.readTree(message(contentType, body));
            JsonNode result = message.path("result");
            return result.isObject() && !result.path("isError").asBoolean(false) ? result : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The JSON-RPC message of an answer, whether it came as JSON or as one SSE event (as {@link McpHttp#message}). */
    static String message(String contentType, String body) {
        if (!contentType.startsWith("text/event-stream")) return body;
        StringBuilder data = new StringBuilder();
        for (String line : body.split("\r?\n")) {
            if (line.startsWith("data:")) data.append(line.substring(5).trim());
        }
        return data.toString();
    }

    static void assertNoCookie(HttpResponse<String> r, String what) {
        assertThat(r.headers().allValues("Set-Cookie")).as("%s sets no cookie (no LTPA token, no HTTP session)", what).isEmpty();
    }

    // ---- 1. no state an instance would miss -------------------------------------------------------------

    @Test
    @Order(1)
    void noInstanceKeepsStateThatAnotherWouldMiss() throws Exception {
        // 2025-11-25: initialize on instance 1, the tool call on instance 2, no session id in between
        HttpResponse<String> init = McpHttp.initialize(direct(1), jwt);
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        assertThat(init.headers().firstValue("Mcp-Session-Id")).as("the 2025 transport is stateless: no session id").isEmpty();
        assertNoCookie(init, "initialize");
        HttpResponse<String> initialized = post(direct(2), jwt, """
                {"jsonrpc":"2.0","method":"notifications/initialized"}""", newTrace(), Map.of("MCP-Protocol-Version", McpHttp.VERSION));
        assertThat(initialized.statusCode()).as("notifications/initialized on the other instance: %s", initialized.body()).isEqualTo(202);
        String trace2 = newTrace();
        HttpResponse<String> onSecond = call2025(direct(2), jwt, trace2);
        assertThat(onSecond.statusCode()).as(onSecond.body()).isEqualTo(200);
        E2e.assertUsaStocks(McpHttp.message(onSecond));
        assertNoCookie(onSecond, "tools/call on instance 2");

        // 2026-07-28 (stateless by design): the same call on every instance
        String modern = """
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"fetch-stock-prices","arguments":{},
                 "_meta":{"io.modelcontextprotocol/protocolVersion":"%s","io.modelcontextprotocol/clientCapabilities":{},
                 "io.modelcontextprotocol/clientInfo":{"name":"e2e","version":"1"}}}}""".formatted(MODERN);
        for (int i = 1; i <= instances; i++) {
            HttpResponse<String> r = post(direct(i), jwt, modern, newTrace(),
                    Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/call", "Mcp-Name", "fetch-stock-prices"));
            assertThat(r.statusCode()).as("2026-07-28 tools/call on instance %d: %s", i, r.body()).isEqualTo(200);
            E2e.assertUsaStocks(McpHttp.message(r));
            assertNoCookie(r, "2026-07-28 tools/call on instance " + i);
        }

        // each instance audits its own calls in its own files: instance 2's call is in liberty-2/, not in instance 1's
        Path auditDir = E2e.stack().root().resolve(E2e.stack().get("AUDIT_LOG_DIR"));   // relative: to the project
        Path second = auditDir.resolve("liberty-2/audit-mcp-server.0.jsonl");
        Path first = auditDir.resolve("audit-mcp-server.0.jsonl");
        assertThat(second).as("instance 2's audit file").exists();
        assertThat(Files.readString(second)).as("instance 2's audit file has its call").contains(trace2);
        assertThat(Files.exists(first) ? Files.readString(first) : "").as("instance 1's audit file").doesNotContain(trace2);

        // through the gateway, calls go to every instance (round robin over the upstream servers)
        List<String> traces = new ArrayList<>();
        for (int n = 0; n < 4 * instances; n++) {
            String trace = newTrace();
            traces.add(trace);
            HttpResponse<String> r = call2025(E2e.stack().mcpUrl(), opaque, trace);
            assertThat(toolResult(r)).as("call %d through the gateway: %s", n, r.body()).isNotNull();
            assertNoCookie(r, "tools/call through the gateway");
        }
        Map<String, AccessLine> lines = accessLines(Set.copyOf(traces));
        Map<String, Integer> perInstance = new TreeMap<>();
        for (String t : traces) {
            AccessLine line = lines.get(t);
            assertThat(line).as("the gateway's access-log line of trace %s", t).isNotNull();
            perInstance.merge(line.lastUpstream(), 1, Integer::sum);
        }
        System.out.println("ScaleOutIT: " + traces.size() + " calls through the gateway, by instance: " + perInstance);
        for (int i = 1; i <= instances; i++) {
            assertThat(perInstance).as("calls through the gateway by instance").containsKey("127.0.0.1:" + port(i));
        }
    }

    // ---- 2. one instance killed under load ----------------------------------------------------------------

    record Outcome(String trace, long startNanos, long endNanos, int status, String contentType, String body, String error) { }

    @Test
    @Order(2)
    void anInstanceKilledUnderLoadFailsOnlyTheCallsItHadAndThoseCleanly() throws Exception {
        int victim = instances;   // the last instance; instance 1 keeps serving
        String victimAddress = "127.0.0.1:" + port(victim);
        Path pidFile = E2e.stack().stateDir().resolve("pids/" + instanceName(victim) + ".pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());

        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger completed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        for (int t = 0; t < THREADS; t++) {
            pool.submit(() -> {
                while (!stop.get()) {
                    String trace = newTrace();
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> r = call2025(E2e.stack().mcpUrl(), opaque, trace);
                        outcomes.add(new Outcome(trace, start, System.nanoTime(), r.statusCode(),
                                r.headers().firstValue("Content-Type").orElse(""), r.body(), null));
                    } catch (Exception e) {
                        outcomes.add(new Outcome(trace, start, System.nanoTime(), 0, "", "", e.toString()));
                    }
                    completed.incrementAndGet();
                }
                return null;
            });
        }
        while (completed.get() < CALLS_BEFORE_KILL) Thread.sleep(20);
        // kill -9 of the instance's process group (the JVM and anything it started), as a crash would; the
        // instance died between killStart and killDone
        long killStart = System.nanoTime();
        Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + pid).redirectErrorStream(true).start();
        String killOutput = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kill.waitFor()).as("kill -KILL -- -%d: %s", pid, killOutput).isZero();
        long killDone = System.nanoTime();
        killed = true;
        int atKill = completed.get();
        Thread.sleep(LOAD_AFTER_KILL.toMillis());
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).as("the clients finish").isTrue();
        for (int i = 0; i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) Thread.sleep(100);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("instance %d (PID %d) is dead", victim, pid).isFalse();

        List<Outcome> all = new ArrayList<>(outcomes);
        Map<String, AccessLine> lines = accessLines(all.stream().map(Outcome::trace).collect(java.util.stream.Collectors.toSet()));

        Map<String, Integer> counts = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (Outcome o : all) {
            AccessLine line = lines.get(o.trace());
            boolean ok = o.error() == null && toolResult(o.status(), o.contentType(), o.body()) != null;
            String when = o.endNanos() < killStart ? "before the kill" : o.startNanos() > killDone ? "after the kill" : "across the kill";
            counts.merge("calls " + when, 1, Integer::sum);
            if (line == null) {
                wrong.add("no access-log line for trace " + o.trace() + " (" + describe(o) + ")");
                continue;
            }
            counts.merge("left by the gateway on " + line.lastUpstream() + ", " + when, 1, Integer::sum);
            if (line.upstreams().size() > 1) counts.merge("passed on after a failed connection to " + line.upstreams().get(0), 1, Integer::sum);
            boolean reachedVictim = line.lastUpstream().equals(victimAddress);
            if (ok) {
                counts.merge("succeeded", 1, Integer::sum);
                continue;
            }
            counts.merge("failed", 1, Integer::sum);
            if (!reachedVictim) {
                wrong.add("a call the gateway did not leave on the killed instance failed: upstream=" + line.upstreams()
                        + " status=" + line.statuses() + " " + describe(o));
            } else if (cleanGatewayError(o)) {
                counts.merge("failed on the killed instance (" + when + "): the gateway's JSON 502", 1, Integer::sum);
            } else if (cutOffMidAnswer(o, line)) {
                counts.merge("failed on the killed instance (" + when + "): its 200 cut off mid-body", 1, Integer::sum);
            } else {
                wrong.add("a call on the killed instance got neither the gateway's JSON 502 nor a cut-off answer: "
                        + "status=" + line.statuses() + " " + describe(o));
            }
        }
        System.out.printf("ScaleOutIT: %d tool calls by %d clients through the gateway; instance %d (%s, PID %d) killed after %d"
                + " completed calls, load went on for %d s%n", all.size(), THREADS, victim, victimAddress, pid, atKill,
                LOAD_AFTER_KILL.toSeconds());
        counts.forEach((k, v) -> System.out.printf("  %-72s %6d%n", k, v));
        wrong.stream().limit(30).forEach(w -> System.out.println("ScaleOutIT WRONG " + w));

        assertThat(counts.getOrDefault("left by the gateway on " + victimAddress + ", before the kill", 0))
                .as("the killed instance served calls before the kill").isPositive();
        assertThat(all.stream().filter(o -> o.startNanos() > killDone).count()).as("calls started after the kill").isPositive();
        assertThat(counts.keySet().stream().anyMatch(k -> k.startsWith("passed on after a failed connection to " + victimAddress)))
                .as("the gateway passed at least one call on from the killed instance's refused connection to another").isTrue();
        assertThat(wrong).as("calls that failed although the gateway had not left them on the killed instance, or failed "
                + "without the gateway's clean JSON error (first ones above)").isEmpty();
    }

    /** The gateway's answer when the instance that had the request died: JSON 502, no HTML, no stack trace. */
    static boolean cleanGatewayError(Outcome o) {
        if (o.error() != null || o.status() != 502 || !o.contentType().startsWith("application/json")) return false;
        if (o.body().contains("<html") || o.body().contains("Exception") || o.body().contains("\tat ")) return false;
        try {
            return JSON.readTree(o.body()).path("code").asText().equals("upstream_unavailable");
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * The instance died after it had begun its answer: the gateway had passed on its 200 and the first bytes,
     * so the status could no longer change; the connection ends before the chunked body does, which is how
     * HTTP says an answer is incomplete (the client never sees a partial result as a whole one).
     */
    static boolean cutOffMidAnswer(Outcome o, AccessLine line) {
        return o.error() != null && o.error().startsWith("java.io.IOException")
                && line.statuses().get(line.statuses().size() - 1).equals("200");
    }

    static String describe(Outcome o) {
        if (o.error() != null) return "no answer: " + o.error();
        String body = o.body().length() > 300 ? o.body().substring(0, 300) + "..." : o.body();
        return "HTTP " + o.status() + " " + o.contentType() + " " + body.replace('\n', ' ');
    }

    // ---- the gateway's access log --------------------------------------------------------------------------

    /** One access-log line: the instances tried, in order, with their answers. */
    record AccessLine(List<String> upstreams, List<String> statuses) {
        String lastUpstream() { return upstreams.get(upstreams.size() - 1); }
    }

    static final Pattern LINE = Pattern.compile("upstream=(.*?) status=(.*?) time=.* trace=([0-9a-f]{32})$");

    /**
     * The access-log lines of these trace ids (nginx writes a line just after it has answered: waits up to
     * 10 s for the last ones).
     */
    static Map<String, AccessLine> accessLines(Set<String> traces) throws Exception {
        Map<String, AccessLine> found = new HashMap<>();
        for (int attempt = 0; attempt < 100; attempt++) {
            found.clear();
            for (String l : Files.readAllLines(GatewayLog.file(), StandardCharsets.ISO_8859_1)) {
                Matcher m = LINE.matcher(l);
                if (m.find() && traces.contains(m.group(3))) {
                    found.put(m.group(3), new AccessLine(split(m.group(1)), split(m.group(2))));
                }
            }
            if (found.size() == traces.size()) break;
            Thread.sleep(100);
        }
        return found;
    }

    /** nginx lists the upstreams tried as "a, b" (and "a : b" across an internal redirect). */
    static List<String> split(String value) {
        return Arrays.stream(value.split("\\s*[,:]\\s+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
