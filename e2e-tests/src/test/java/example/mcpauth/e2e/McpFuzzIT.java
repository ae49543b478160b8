package example.mcpauth.e2e;

import example.mcpauth.e2e.RawHttp.Header;
import example.mcpauth.testsupport.OAuthClient;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded, seeded fuzz of the MCP endpoint (issue 12): generated requests, half of them with john's
 * valid token, sent through the gateway (opaque token) and straight to Liberty (the gateway's JWT):
 * mutated JSON-RPC bodies, odd headers, odd methods. Whatever comes in, the answer is never a 5xx and
 * never carries a stack trace, an exception's name or an HTML error page.
 *
 * <p>{@code -Dfuzz.seed=N} picks another seed (default 20261203, so CI runs the same requests each time; the seed is printed); {@code -Dfuzz.requests} (default 2400,
 * half per hop) and {@code -Dfuzz.threads} (default 4) size it. The requests are generated from the seed
 * before any is sent, so a seed always gives the same requests.
 */
class McpFuzzIT {

    private static final long SEED = Long.getLong("fuzz.seed", 20261203L);
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 2400);
    private static final int THREADS = Integer.getInteger("fuzz.threads", 4);
    private static final int TIMEOUT_MILLIS = 20_000;
    private static final boolean PROBE = Boolean.getBoolean("fuzz.probe");

    enum Hop { GATEWAY, LIBERTY }

    /** One generated request; {@code what} names its mutations (never a token). */
    record Case(int index, Hop hop, String method, String path, List<Header> headers, byte[] body,
                boolean validToken, List<String> what) { }

    record Outcome(Case c, int status, String body, String contentType, String error) { }

    private final Map<Hop, URI> base = new ConcurrentHashMap<>();
    private String gatewayToken;
    private String libertyToken;

    @Test
    void theMcpEndpointAnswersEveryGeneratedRequestWithoutA5xxOrAStackTrace() throws Exception {
        System.out.printf("McpFuzzIT: seed %d (replay with -Dfuzz.seed=%d), %d requests, %d threads%n",
                SEED, SEED, REQUESTS, THREADS);
        base.put(Hop.GATEWAY, URI.create(E2e.stack().gatewayUrl()));
        base.put(Hop.LIBERTY, URI.create(E2e.stack().libertyUrl()));

        // john signs in once over HTTP (email, emailed code, consent); the gateway's JWT for the direct hop
        OAuthClient client = OAuthClient.register("E2E fuzz");
        gatewayToken = client.loginForToken(E2e.inbox(), E2e.JOHN).path("access_token").asText();
        libertyToken = Tokens.introspectToJwt(gatewayToken);
        // both tokens do work, on their hop, for a well-formed call: the "valid" half is really valid
        HttpResponse<String> viaGateway = McpHttp.callFetchStockPrices(E2e.stack().mcpUrl(), gatewayToken);
        assertThat(viaGateway.statusCode()).as(viaGateway.body()).isEqualTo(200);
        E2e.assertUsaStocks(McpHttp.message(viaGateway));
        HttpResponse<String> direct = McpHttp.callFetchStockPrices(E2e.stack().libertyUrl() + "/mcp", libertyToken);
        assertThat(direct.statusCode()).as(direct.body()).isEqualTo(200);
        E2e.assertUsaStocks(McpHttp.message(direct));

        Random random = new Random(SEED);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) cases.add(generate(i, i % 2 == 0 ? Hop.GATEWAY : Hop.LIBERTY, random));

        long start = System.nanoTime();
        List<Outcome> outcomes = run(cases);
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Integer> counts = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        Map<String, Integer> failureKinds = new TreeMap<>();
        for (Outcome o : outcomes) {
            String hop = o.c().hop().name().toLowerCase(Locale.ROOT);
            String status = o.error() != null ? "no answer" : String.valueOf(o.status());
            counts.merge(hop + " " + status, 1, Integer::sum);
            counts.merge(hop + " total", 1, Integer::sum);
            counts.merge(hop + (o.c().validToken() ? " with valid token" : " without valid token"), 1, Integer::sum);
            String problem = problem(o);
            if (problem != null) {
                failures.add(describe(o, problem));
                failureKinds.merge(hop + " " + status + " " + problem, 1, Integer::sum);
            }
        }
        System.out.printf("McpFuzzIT: seed %d, %d requests in %.1f s (%.0f/s)%n", SEED, outcomes.size(), seconds,
                outcomes.size() / seconds);
        counts.forEach((k, v) -> System.out.printf("  %-32s %5d%n", k, v));
        Map<String, Integer> byMutation = new TreeMap<>();
        for (Outcome o : outcomes) {
            for (String w : o.c().what()) byMutation.merge(w.replaceAll("=.*", ""), 1, Integer::sum);
        }
        System.out.println("McpFuzzIT: mutations used (a request has one or more): " + byMutation);
        if (!failures.isEmpty()) System.out.println("McpFuzzIT: failures by hop, status and kind: " + failureKinds);
        failures.stream().limit(60).forEach(f -> System.out.println("McpFuzzIT FAILURE " + f));

        assertThat(outcomes).hasSize(REQUESTS);
        for (Hop hop : Hop.values()) {
            String h = hop.name().toLowerCase(Locale.ROOT);
            assertThat(counts.getOrDefault(h + " 200", 0)).as("%s: some generated requests were served", h).isPositive();
            assertThat(counts.getOrDefault(h + " 401", 0)).as("%s: some were challenged", h).isPositive();
        }
        // both verdicts, whichever fails: the answers, and no token (nor a mutated one) in any log of the stack
        org.junit.jupiter.api.Assertions.assertAll(
                () -> assertThat(failures).as("%d of %d answers were a 5xx, no answer, or showed a stack trace or an HTML "
                        + "page (seed %d; first ones above)", failures.size(), outcomes.size(), SEED).isEmpty(),
                () -> LogHygiene.assertNoneLogged(Set.of(gatewayToken, libertyToken)));
    }

    private List<Outcome> run(List<Case> cases) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            AtomicInteger done = new AtomicInteger();
            for (Case c : cases) {
                futures.add(pool.submit(() -> {
                    Outcome o = send(c);
                    if (done.incrementAndGet() % 500 == 0) System.out.printf("McpFuzzIT: %d sent%n", done.get());
                    return o;
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) outcomes.add(f.get());
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * With {@code -Dfuzz.probe=true} (best with {@code -Dfuzz.threads=1}) every request through the gateway is
     * followed by a well-formed one, which nginx sends on the upstream connection the fuzzed request just
     * used: a request that leaves that connection broken shows up as the one before a failed probe.
     */
    private Outcome send(Case c) {
        Outcome o = send0(c);
        if (PROBE && c.hop() == Hop.GATEWAY) {
            URI gw = base.get(Hop.GATEWAY);
            Outcome probe = send0(new Case(-1, Hop.GATEWAY, "POST", "/mcp", List.of(
                    Header.of("Host", gw.getHost() + ":" + gw.getPort()), Header.of("Content-Type", "application/json"),
                    Header.of("Accept", "application/json, text/event-stream"), Header.of("MCP-Protocol-Version", VERSION)),
                    utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"), false, List.of("probe")));
            if (probe.status() != 401) {
                System.out.println("McpFuzzIT PROBE answered " + probe.status() + " " + probe.error() + " after "
                        + describe(o, "the request before"));
            }
        }
        return o;
    }

    private Outcome send0(Case c) {
        try {
            RawHttp.Response r = RawHttp.exchange(base.get(c.hop()), c.method(), c.path(), c.headers(), c.body(),
                    TIMEOUT_MILLIS);
            return new Outcome(c, r.status(), r.text(), r.header("Content-Type"), null);
        } catch (IOException | RuntimeException e) {
            return new Outcome(c, -1, "", null, e.toString());
        }
    }

    /** What is wrong with an answer, or null. */
    static String problem(Outcome o) {
        if (o.error() != null) return "no answer: " + o.error();
        if (o.status() >= 500) return "status " + o.status();
        if (o.body().contains("\tat ")) return "a stack trace in the body";
        if (o.body().contains("Exception")) return "an exception's name in the body";
        if (o.body().toLowerCase(Locale.ROOT).contains("<html")) return "an HTML page";
        return null;
    }

    private String describe(Outcome o, String problem) {
        Case c = o.c();
        StringBuilder head = new StringBuilder(c.method() + " " + c.path());
        for (Header h : c.headers()) {
            String v = new String(h.value(), StandardCharsets.UTF_8);
            // no token, nor any part of one, in the output: long base64url runs are shown by their length
            v = v.replace(gatewayToken, "<john's token>").replace(libertyToken, "<john's JWT>");
            v = java.util.regex.Pattern.compile("[A-Za-z0-9_\\-]{16,}").matcher(v).replaceAll(m -> "<" + m.group().length() + " chars>");
            head.append(" | ").append(h.name()).append(": ").append(v.length() > 80 ? v.substring(0, 80) + "…" : v);
        }
        String body = c.body() == null ? "(none)" : new String(c.body(), StandardCharsets.UTF_8);
        String answer = o.body().replaceAll("\\s+", " ");
        return String.format("#%d %s %s%n    what: %s%n    request: %s%n    body (%d bytes): %s%n    answer: %d %s %s",
                c.index(), c.hop(), problem, c.what(), head, c.body() == null ? 0 : c.body().length,
                body.length() > 200 ? body.substring(0, 200) + "…" : body, o.status(), o.contentType(),
                answer.length() > 400 ? answer.substring(0, 400) + "…" : answer);
    }

    // ---- generation --------------------------------------------------------------------------------

    private static final String VERSION = McpHttp.VERSION;

    /** Valid calls of the server's JSON-RPC methods: {method, params} (params null = none). */
    private static final String[][] CALLS = {
            {"initialize", "{\"protocolVersion\":\"" + VERSION + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"fuzz\",\"version\":\"1\"}}"},
            {"tools/list", "{}"},
            {"tools/call", "{\"name\":\"fetch-stock-prices\",\"arguments\":{}}"},
            {"tools/call", "{\"name\":\"fetch-stock-prices\"}"},
            {"tools/call", "{\"name\":\"place-stock-order\",\"arguments\":{\"symbol\":\"COM1\",\"quantity\":1}}"},
            {"ping", null},
            {"resources/list", "{}"},
            {"prompts/list", "{}"},
            {"logging/setLevel", "{\"level\":\"debug\"}"},
            {"completion/complete", "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"x\"},\"argument\":{\"name\":\"a\",\"value\":\"b\"}}"},
    };

    private static final String[] WRONG_JSONRPC = {"2.0", "\"1.0\"", "\"2\"", "null", "true", "[]", "{}", "\"2.0 \"", "\"\"", "20", "\"２.0\""};
    private static final String[] WRONG_ID = {"1.5", "-1", "1e400", "99999999999999999999999999", "null", "true", "[]",
            "{\"a\":1}", "\"\"", "\"x\"", "[1,2]", "-0", "0x10"};
    private static final String[] WRONG_METHOD = {"1", "null", "[]", "{}", "\"\"", "\"tools/call\\u0000\"", "\"TOOLS/LIST\"",
            "\"rpc.discover\"", "\"x/y\"", "\"tools/\"", "\"tools/call \"", "\"notifications/cancelled\"",
            "\"resources/read\"", "\"sampling/createMessage\"", "true"};
    private static final String[] WRONG_PARAMS = {"[]", "\"s\"", "1", "null", "true", "{\"name\":1}",
            "{\"name\":\"fetch-stock-prices\",\"arguments\":[]}", "{\"name\":\"fetch-stock-prices\",\"arguments\":\"x\"}",
            "{\"name\":\"fetch-stock-prices\",\"arguments\":null}", "{\"name\":\"nope\",\"arguments\":{}}",
            "{\"name\":\"fetch-stock-prices\",\"arguments\":{\"extra\":1}}", "{\"name\":null}", "{}",
            "{\"name\":\"place-stock-order\",\"arguments\":{\"symbol\":\"COM1\",\"quantity\":-1}}",
            "{\"name\":\"place-stock-order\",\"arguments\":{\"symbol\":\"COM1\",\"quantity\":1e10}}",
            "{\"name\":\"place-stock-order\",\"arguments\":{\"symbol\":[],\"quantity\":\"1\"}}",
            "{\"name\":\"place-stock-order\",\"arguments\":{\"symbol\":\"../../admin\",\"quantity\":1.5}}",
            "{\"name\":\"place-stock-order\",\"arguments\":{}}",
            "{\"protocolVersion\":1,\"capabilities\":[],\"clientInfo\":\"x\"}",
            "{\"protocolVersion\":\"1999-01-01\",\"capabilities\":{},\"clientInfo\":{\"name\":\"fuzz\",\"version\":\"1\"}}",
            "{\"_meta\":{\"progressToken\":{}}}", "{\"level\":\"nonsense\"}", "{\"cursor\":{}}"};
    private static final String[] UNICODE = {"\\ud800", "\\udfff\\ud800", "\\u0000", "\u202e\u202d", "\ud83d\udca5\ud83d\udcc8",
            "t\u043e\u043els/call", "\u0000", "\u00e9\u00e8", "\u4e2d\u6587", "\ufeff", "\\u202e", "\u200b", "\ufffd", "I\u0307"};
    private static final String[] TRAILING = {"x", " {}", "]", "}", "//", "\u0000", "\r\n\r\n", ",", " null", "\n{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}", "\t\t"};
    private static final String[] SCALARS = {"", " ", "null", "true", "0", "\"x\"", "{}", "[]", "{", "}", "[", "\"", "{\"", "{}{}", "[]]",
            "{'jsonrpc':'2.0','id':1,'method':'ping'}", "{jsonrpc:\"2.0\",id:1,method:\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":NaN,\"method\":\"ping\"}", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",}",
            "{\"jsonrpc\":\"2.0\",/*c*/\"id\":1,\"method\":\"ping\"}", "jsonrpc=2.0&id=1&method=ping"};

    private Case generate(int index, Hop hop, Random r) {
        List<String> what = new ArrayList<>();
        String token = hop == Hop.GATEWAY ? gatewayToken : libertyToken;
        boolean valid = r.nextBoolean();

        // the method and the path
        String method = "POST";
        if (r.nextInt(100) < 12) {
            method = pick(r, "GET", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO", "post", "PROPFIND", "M-SEARCH");
            what.add("method=" + method);
        }
        String path = "/mcp";
        if (r.nextInt(100) < 4) {
            path = pick(r, "/mcp?", "/mcp?a=b", "/mcp?access_token=x", "/mcp?%ff");
            what.add("query");
        }

        // the body
        byte[] body = null;
        boolean bodyless = Set.of("GET", "HEAD", "OPTIONS", "TRACE").contains(method);
        if (!bodyless || r.nextInt(4) == 0) body = body(r, what);

        // the headers
        List<Header> headers = new ArrayList<>();
        String hostPort = base.get(hop).getHost() + ":" + base.get(hop).getPort();
        int hostPick = r.nextInt(100);
        if (hostPick < 92) {
            headers.add(Header.of("Host", hostPort));
        } else {
            String other = pick(r, "evil.example", "evil.example:" + base.get(hop).getPort(),
                    (base.get(hop).getHost().equals("localhost") ? "127.0.0.1" : "localhost") + ":" + base.get(hop).getPort(),
                    hostPort.toUpperCase(Locale.ROOT), base.get(hop).getHost() + ".:" + base.get(hop).getPort(),
                    base.get(hop).getHost(), "[::1]:" + base.get(hop).getPort(), "localhost:1");
            headers.add(Header.of("Host", other));
            what.add("host=" + other);
        }
        contentType(r, headers, what, body != null);
        if (r.nextInt(100) < 85) {
            headers.add(Header.of("Accept", "application/json, text/event-stream"));
        } else {
            String accept = pick(r, null, "*/*", "application/json", "text/event-stream", "text/html", "", "application/xml");
            if (accept != null) headers.add(Header.of("Accept", accept));
            what.add("accept=" + accept);
        }
        if (body != null && r.nextInt(100) < 10) {
            String encoding = pick(r, "gzip", "deflate", "br", "identity", "gzip, deflate", "x-unknown", "GZIP", "zstd");
            headers.add(Header.of("Content-Encoding", encoding));
            what.add("content-encoding=" + encoding);
            if (encoding.equals("gzip") && r.nextBoolean()) {
                body = gzip(body);
                what.add("gzipped-body");
            }
        }
        authorization(r, headers, what, token, valid);
        protocolVersion(r, headers, what);
        if (r.nextInt(100) < 10) {
            String origin = pick(r, "http://localhost:6274", base.get(Hop.GATEWAY).toString(), "https://evil.example", "null",
                    "http://localhost:6274.evil.example", "", "file://", "http://\u00e9vil.example", "http://localhost:6274, https://evil.example");
            headers.add(Header.of("Origin", origin));
            what.add("origin=" + origin);
        }
        if (r.nextInt(100) < 5) {
            Header extra = pick(r, Header.of("Mcp-Session-Id", "fuzz-" + r.nextInt(1000)), Header.of("Last-Event-ID", "1"),
                    Header.of("X-Forwarded-Host", "evil.example"), Header.of("Mcp-Session-Id", "\u00e9\u00e8"),
                    Header.of("Expect", "nothing-expected"), Header.of("Accept-Encoding", "gzip, br"));
            headers.add(extra);
            what.add("extra-header=" + extra.name());
        }
        if (r.nextInt(100) < 5) {
            Collections.shuffle(headers, r);
            what.add("shuffled-headers");
        }
        return new Case(index, hop, method, path, headers, body, valid, what);
    }

    private static void contentType(Random r, List<Header> headers, List<String> what, boolean hasBody) {
        if (r.nextInt(100) < 80) {
            if (hasBody) headers.add(Header.of("Content-Type", "application/json"));
            return;
        }
        String type = pick(r, null, "text/plain", "application/json; charset=utf-8", "application/json; charset=utf-16",
                "application/json;charset=ISO-8859-1", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "text/event-stream", "application/jsonx", "APPLICATION/JSON", "", ";;;", "application/json\u00e9",
                "application/json; charset=nonsense", "*/*");
        if (type != null) headers.add(Header.of("Content-Type", type));
        if (type != null && r.nextInt(5) == 0) {
            headers.add(Header.of("Content-Type", "text/html"));
            what.add("two-content-types");
        }
        what.add("content-type=" + type);
    }

    private static void authorization(Random r, List<Header> headers, List<String> what, String token, boolean valid) {
        if (valid) {
            int p = r.nextInt(100);
            if (p < 70) {
                headers.add(Header.of("Authorization", "Bearer " + token));
                return;
            }
            String variant = pick(r, "bearer", "BEARER", "two-spaces", "duplicate", "duplicate-garbage", "plus-basic",
                    "==", "%", "non-ascii", "trailing-space", "tab", "comma-list", "extra-word", "half-token");
            what.add("auth=" + variant);
            switch (variant) {
                case "bearer" -> headers.add(Header.of("Authorization", "bearer " + token));
                case "BEARER" -> headers.add(Header.of("Authorization", "BEARER " + token));
                case "two-spaces" -> headers.add(Header.of("Authorization", "Bearer  " + token));
                case "duplicate" -> {
                    headers.add(Header.of("Authorization", "Bearer " + token));
                    headers.add(Header.of("Authorization", "Bearer " + token));
                }
                case "duplicate-garbage" -> {
                    headers.add(Header.of("Authorization", "Bearer " + token));
                    headers.add(Header.of("Authorization", "Bearer garbage"));
                }
                case "plus-basic" -> {
                    headers.add(Header.of("Authorization", "Bearer " + token));
                    headers.add(Header.of("Authorization", "Basic " + b64("john:Password1")));
                }
                case "==" -> headers.add(Header.of("Authorization", "Bearer " + token + "=="));
                case "%" -> headers.add(Header.of("Authorization", "Bearer " + token + "%"));
                case "non-ascii" -> headers.add(Header.of("Authorization", "Bearer " + token + "\u00e9"));
                case "trailing-space" -> headers.add(Header.of("Authorization", "Bearer " + token + " "));
                case "tab" -> headers.add(Header.of("Authorization", "Bearer\t" + token));
                case "comma-list" -> headers.add(Header.of("Authorization", "Bearer " + token + ", Bearer " + token));
                case "extra-word" -> headers.add(Header.of("Authorization", "Bearer " + token + " extra"));
                default -> headers.add(Header.of("Authorization", "Bearer " + token.substring(0, token.length() / 2)));
            }
            return;
        }
        String variant = pick(r, "none", "none", "none", "garbage", "jwt-shaped", "Bearer", "Bearer-space", "Basic", "Token",
                "long", "non-ascii", "==", "%", "Digest", "empty");
        what.add("auth=" + variant);
        switch (variant) {
            case "none" -> { }
            case "garbage" -> headers.add(Header.of("Authorization", "Bearer " + randomToken(r, 10 + r.nextInt(60))));
            case "jwt-shaped" -> headers.add(Header.of("Authorization", "Bearer " + randomToken(r, 20) + "."
                    + randomToken(r, 40) + "." + randomToken(r, 43)));
            case "Bearer" -> headers.add(Header.of("Authorization", "Bearer"));
            case "Bearer-space" -> headers.add(Header.of("Authorization", "Bearer "));
            case "Basic" -> headers.add(Header.of("Authorization", "Basic " + b64("john.doe@demo.example:Password1")));
            case "Token" -> headers.add(Header.of("Authorization", "Token " + randomToken(r, 30)));
            case "long" -> headers.add(Header.of("Authorization", "Bearer " + randomToken(r, 3000)));
            case "non-ascii" -> headers.add(Header.of("Authorization", "Bearer \u00e9\u00e8\u4e2d" + randomToken(r, 10)));
            case "==" -> headers.add(Header.of("Authorization", "Bearer " + randomToken(r, 30) + "=="));
            case "%" -> headers.add(Header.of("Authorization", "Bearer %" + randomToken(r, 30)));
            case "Digest" -> headers.add(Header.of("Authorization", "Digest username=\"john\", realm=\"x\""));
            default -> headers.add(Header.of("Authorization", ""));
        }
    }

    private static void protocolVersion(Random r, List<Header> headers, List<String> what) {
        if (r.nextInt(100) < 80) {
            headers.add(Header.of("MCP-Protocol-Version", VERSION));
            return;
        }
        String v = pick(r, null, "2025-06-18", "2025-03-26", "2024-11-05", "1999-01-01", "latest", "", "2025-11-25, 2025-06-18",
                "\uff12\uff10\uff12\uff15-11-25", "2025-11-25 ", "9999-99-99", "duplicate");
        what.add("protocol-version=" + v);
        if ("duplicate".equals(v)) {
            headers.add(Header.of("MCP-Protocol-Version", VERSION));
            headers.add(Header.of("MCP-Protocol-Version", "2025-06-18"));
        } else if (v != null) {
            headers.add(Header.of("MCP-Protocol-Version", v));
        }
    }

    private static byte[] body(Random r, List<String> what) {
        String[] call = CALLS[r.nextInt(CALLS.length)];
        String id = String.valueOf(r.nextInt(100000));
        String jsonrpc = "\"2.0\"";
        String method = "\"" + call[0] + "\"";
        String params = call[1];
        int p = r.nextInt(100);
        String kind;
        if (p < 15) kind = "valid";
        else if (p < 23) kind = "truncated";
        else if (p < 31) kind = "trailing";
        else if (p < 46) kind = "wrong-type";
        else if (p < 52) kind = "huge";
        else if (p < 58) kind = "deep";
        else if (p < 68) kind = "unicode";
        else if (p < 76) kind = "batch";
        else if (p < 81) kind = "scalar";
        else if (p < 85) kind = "duplicate-keys";
        else if (p < 90) kind = "invalid-utf8";
        else if (p < 93) kind = "bom";
        else if (p < 96) kind = "notification";
        else kind = "random-bytes";
        what.add("body=" + kind);
        switch (kind) {
            case "truncated" -> {
                byte[] whole = utf8(message(jsonrpc, id, method, params));
                return java.util.Arrays.copyOf(whole, r.nextInt(whole.length));
            }
            case "trailing" -> {
                return utf8(message(jsonrpc, id, method, params) + pick(r, TRAILING));
            }
            case "wrong-type" -> {
                switch (r.nextInt(5)) {
                    case 0 -> jsonrpc = pick(r, WRONG_JSONRPC);
                    case 1 -> id = pick(r, WRONG_ID);
                    case 2 -> method = pick(r, WRONG_METHOD);
                    case 3 -> params = pick(r, WRONG_PARAMS);
                    default -> {
                        String field = pick(r, "jsonrpc", "id", "method", "params");
                        what.add("missing=" + field);
                        if (field.equals("jsonrpc")) jsonrpc = null;
                        if (field.equals("id")) id = null;
                        if (field.equals("method")) method = null;
                        if (field.equals("params")) params = "{\"name\":\"fetch-stock-prices\"}".equals(params) ? null : "{\"x\":1}";
                    }
                }
                if (r.nextInt(4) == 0) {
                    method = "\"tools/call\"";
                    params = pick(r, WRONG_PARAMS);
                }
                return utf8(message(jsonrpc, id, method, params));
            }
            case "huge" -> {
                int n = pickInt(r, 10_000, 60_000, 65_536, 70_000, 300_000);
                String huge = "x".repeat(n);
                what.add("huge=" + n);
                switch (r.nextInt(5)) {
                    case 0 -> method = "\"" + huge + "\"";
                    case 1 -> id = "\"" + huge + "\"";
                    case 2 -> params = "{\"name\":\"" + huge + "\",\"arguments\":{}}";
                    case 3 -> params = "{\"name\":\"fetch-stock-prices\",\"arguments\":{\"" + huge + "\":1}}";
                    default -> id = "1" + "0".repeat(Math.min(n, 20_000));
                }
                return utf8(message(jsonrpc, id, method, params));
            }
            case "deep" -> {
                int depth = pickInt(r, 50, 500, 1001, 3000, 10_000);
                boolean closed = r.nextInt(4) != 0;
                String open = r.nextBoolean() ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                String nested = open.repeat(depth) + "1" + (closed ? close.repeat(depth) : "");
                what.add("depth=" + depth + (closed ? "" : "-unclosed"));
                return utf8(switch (r.nextInt(3)) {
                    case 0 -> nested;
                    case 1 -> message(jsonrpc, id, "\"tools/call\"", "{\"name\":\"fetch-stock-prices\",\"arguments\":{\"a\":" + nested + "}}");
                    default -> message(jsonrpc, nested, method, params);
                });
            }
            case "unicode" -> {
                String u = pick(r, UNICODE);
                switch (r.nextInt(4)) {
                    case 0 -> method = "\"" + u + "\"";
                    case 1 -> method = "\"" + call[0] + u + "\"";
                    case 2 -> id = "\"" + u + "\"";
                    default -> params = "{\"name\":\"fetch-stock-prices" + u + "\",\"arguments\":{\"" + u + "\":\"" + u + "\"}}";
                }
                return utf8(message(jsonrpc, id, method, params));
            }
            case "batch" -> {
                String one = message(jsonrpc, id, method, params);
                return utf8(pick(r, "[]", "[" + one + "]", "[" + one + "," + one + "]", "[1]", "[[]]", "[" + one + ",\"x\"]",
                        "[" + String.join(",", Collections.nCopies(100, one)) + "]", "[" + one));
            }
            case "scalar" -> {
                return utf8(pick(r, SCALARS));
            }
            case "duplicate-keys" -> {
                return utf8(pick(r,
                        "{\"jsonrpc\":\"2.0\",\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\"}",
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"method\":\"tools/call\",\"params\":{\"name\":\"fetch-stock-prices\"}}",
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"fetch-stock-prices\",\"name\":\"place-stock-order\",\"arguments\":{}}}",
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{},\"params\":{\"name\":\"fetch-stock-prices\"}}"));
            }
            case "invalid-utf8" -> {
                byte[] bad = pick(r, new byte[]{(byte) 0xC3, 0x28}, new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        new byte[]{(byte) 0xC0, (byte) 0xAF}, new byte[]{(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                        new byte[]{(byte) 0xE2, (byte) 0x82});
                String[] parts = pick(r, new String[]{"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"", "\"}"},
                        new String[]{"{\"jsonrpc\":\"2.0\",\"id\":\"", "\",\"method\":\"ping\"}"},
                        new String[]{"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"fetch-stock-prices\",\"arguments\":{\"", "\":1}}}"},
                        new String[]{"", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"});
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(utf8(parts[0]));
                out.writeBytes(bad);
                out.writeBytes(utf8(parts[1]));
                return out.toByteArray();
            }
            case "bom" -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(pick(r, new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, new byte[]{(byte) 0xFE, (byte) 0xFF},
                        new byte[]{(byte) 0xFF, (byte) 0xFE}));
                out.writeBytes(utf8(message(jsonrpc, id, method, params)));
                return out.toByteArray();
            }
            case "notification" -> {
                return utf8(message(jsonrpc, null, pick(r, "\"notifications/initialized\"", "\"notifications/cancelled\"",
                        "\"tools/call\"", "\"notifications/roots/list_changed\""), r.nextBoolean() ? null : "{\"requestId\":1}"));
            }
            case "random-bytes" -> {
                byte[] b = new byte[1 + r.nextInt(300)];
                r.nextBytes(b);
                return b;
            }
            default -> {
                return utf8(message(jsonrpc, id, method, params));
            }
        }
    }

    /** A JSON-RPC message with each member given as JSON text, or left out when null. */
    static String message(String jsonrpc, String id, String method, String params) {
        List<String> members = new ArrayList<>();
        if (jsonrpc != null) members.add("\"jsonrpc\":" + jsonrpc);
        if (id != null) members.add("\"id\":" + id);
        if (method != null) members.add("\"method\":" + method);
        if (params != null) members.add("\"params\":" + params);
        return "{" + String.join(",", members) + "}";
    }

    private static String randomToken(Random r, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return b.toString();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(utf8(s));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] plain) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(plain);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    private static int pickInt(Random r, int... options) {
        return options[r.nextInt(options.length)];
    }
}
