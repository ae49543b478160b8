package example.mcpauth.e2e.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The benchmark's load generator: closed-loop clients, each on its own keep-alive connection.
 *
 * <p>{@link Kind#SOCKET} (the default) writes each request, pre-serialised, in one write on a blocking
 * socket and reads the answer on the same thread, the way wrk does (one wake-up per answer).
 * {@link Kind#JDK} is what the benchmark used before: {@code java.net.http.HttpClient} with a pool
 * executor. It is kept to reproduce the earlier figures: on this 2-core machine each of its requests
 * costs about 20-45 context switches (its selector thread and executor hand the exchange over several
 * times) and 1.5-9 ms of client CPU while its code is still being compiled, CPU the measured servers
 * then lack.
 */
final class Load {

    enum Kind { SOCKET, JDK }

    /** One request, sent over and over. */
    record Target(String name, URI uri, String method, Map<String, String> headers, String body, String mustContain) {

        byte[] wire() {
            StringBuilder b = new StringBuilder();
            String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            b.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
            b.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
            headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) b.append("Content-Length: ").append(content.length).append("\r\n");
            b.append("\r\n");
            byte[] head = b.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = Arrays.copyOf(head, head.length + content.length);
            System.arraycopy(content, 0, all, head.length, content.length);
            return all;
        }

        HttpRequest jdkRequest() {
            HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
            headers.forEach(r::header);
            return (body == null ? r.GET() : r.method(method, HttpRequest.BodyPublishers.ofString(body))).build();
        }
    }

    /** One answer: status and whether the body had the expected text. */
    interface Connection extends AutoCloseable {
        boolean call() throws IOException, InterruptedException;   // true = 200 with the expected text
        @Override void close();
    }

    private static final HttpClient JDK_CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(32)).build();

    static Connection open(Kind kind, Target target) throws IOException {
        return kind == Kind.JDK ? new JdkConnection(target) : new SocketConnection(target);
    }

    /** A keep-alive HTTP/1.1 connection on a blocking socket (reconnects when the server closes it). */
    static final class SocketConnection implements Connection {
        private final Target target;
        private final byte[] request;
        private final byte[] marker;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private byte[] buf = new byte[16384];

        SocketConnection(Target target) throws IOException {
            this.target = target;
            this.request = target.wire();
            this.marker = target.mustContain().getBytes(StandardCharsets.UTF_8);
            connect();
        }

        private void connect() throws IOException {
            close();
            socket = new Socket(target.uri().getHost(), target.uri().getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 65536);
            out = socket.getOutputStream();
        }

        @Override
        public boolean call() throws IOException {
            try {
                return exchange();
            } catch (IOException e) {   // a connection the server closed while idle: once more on a new one
                connect();
                return exchange();
            }
        }

        private boolean exchange() throws IOException {
            out.write(request);
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false, close = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                if (colon < 0) continue;
                String name = h.substring(0, colon).trim(), value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) length = Long.parseLong(value);
                else if (name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase().contains("chunked")) chunked = true;
                else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) close = true;
            }
            int n = 0;
            if (chunked) {
                while (true) {
                    String size = line();
                    int semi = size.indexOf(';');
                    int chunk = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (chunk == 0) {
                        while (!line().isEmpty()) { }   // trailers
                        break;
                    }
                    n = read(n, chunk);
                    line();
                }
            } else if (length >= 0) {
                n = read(n, (int) length);
            } else {
                close = true;
                n = read(n, Integer.MAX_VALUE);
            }
            if (close) connect();
            return code == 200 && contains(buf, n, marker);
        }

        private int read(int at, int count) throws IOException {
            int left = count;
            while (left > 0) {
                if (at == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
                int r = in.read(buf, at, Math.min(left, buf.length - at));
                if (r < 0) {
                    if (count == Integer.MAX_VALUE) return at;
                    throw new EOFException();
                }
                at += r;
                left -= r;
            }
            return at;
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder(64);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) throw new EOFException();
                if (c != '\r') b.append((char) c);
            }
            return b.toString();
        }

        private static boolean contains(byte[] hay, int n, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= n; i++) {
                for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
                return true;
            }
            return false;
        }

        @Override
        public void close() {
            if (socket != null) {
                try { socket.close(); } catch (IOException ignored) { }
                socket = null;
            }
        }
    }

    /** The earlier benchmark's client: the JDK's HttpClient, shared, with a 32-thread executor. */
    static final class JdkConnection implements Connection {
        private final Target target;
        private final HttpRequest request;

        JdkConnection(Target target) {
            this.target = target;
            this.request = target.jdkRequest();
        }

        @Override
        public boolean call() throws IOException, InterruptedException {
            HttpResponse<String> r = JDK_CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains(target.mustContain());
        }

        @Override
        public void close() { }
    }

    /** Latencies of one row, in nanoseconds (a growable primitive array per client). */
    static final class Samples {
        long[] values = new long[1024];
        int size;
        long errors;
        double seconds;

        void add(long v) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = v;
        }

        void addAll(Samples other) {
            for (int i = 0; i < other.size; i++) add(other.values[i]);
            errors += other.errors;
        }

        long[] sorted() {
            long[] s = Arrays.copyOf(values, size);
            Arrays.sort(s);
            return s;
        }
    }

    /** Runs the clients of one target for some seconds, closed loop, and adds what they measured to total. */
    static void run(ExecutorService pool, Connection[] clients, double seconds, Samples total) throws Exception {
        Samples[] mine = new Samples[clients.length];
        var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        for (int i = 0; i < clients.length; i++) {
            Samples s = mine[i] = new Samples();
            Connection c = clients[i];
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    boolean ok;
                    try {
                        ok = c.call();
                    } catch (IOException e) {
                        ok = false;
                    }
                    long dt = System.nanoTime() - t0;
                    if (ok) s.add(dt); else s.errors++;
                }
                return null;
            }));
        }
        for (var f : futures) f.get();
        double elapsed = (System.nanoTime() - start) / 1e9;
        for (Samples s : mine) total.addAll(s);
        total.seconds += elapsed;
    }

    static Map<String, String> headers(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private Load() { }
}
