package example.mcpauth.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: any method, any header (Host, duplicates,
 * non-ASCII values), any body. {@code java.net.http} refuses some of these (Host, non-ASCII), which is
 * why the fuzz test writes its requests itself. One request per connection ({@code Connection: close});
 * the response is read by its framing (Content-Length, chunked, or up to the close).
 */
final class RawHttp {

    /** One header line as sent (name and value bytes, UTF-8 for values that are not ASCII). */
    record Header(String name, byte[] value) {
        static Header of(String name, String value) {
            return new Header(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    record Response(int status, String statusLine, Map<String, List<String>> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    private RawHttp() { }

    /**
     * Sends one request to {@code base}'s host and port. {@code Host} is sent only if {@code headers}
     * has one (callers decide); {@code Content-Length} is always added for the body as sent (the
     * framing itself is never fuzzed), then {@code Connection: close}.
     */
    static Response exchange(URI base, String method, String path, List<Header> headers, byte[] body, int timeoutMillis)
            throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write((method + " " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8));
        for (Header h : headers) {
            request.write(h.name().getBytes(StandardCharsets.US_ASCII));
            request.write(": ".getBytes(StandardCharsets.US_ASCII));
            request.write(h.value());
            request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (body != null) request.write(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        request.write("Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (body != null) request.write(body);

        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return read(socket.getInputStream(), "HEAD".equals(method));
        }
    }

    private static Response read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) throw new IOException("the server closed the connection without an answer");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("not an HTTP status line: " + statusLine);
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            if (colon <= 0) continue;
            headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(l.substring(colon + 1).trim());
        }
        byte[] body;
        List<String> te = headers.getOrDefault("transfer-encoding", List.of());
        List<String> cl = headers.getOrDefault("content-length", List.of());
        if (head || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = new byte[0];
        } else if (te.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            body = chunked(in);
        } else if (!cl.isEmpty()) {
            body = in.readNBytes(Integer.parseInt(cl.get(0)));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, statusLine, headers, body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) break;
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
            if (n == 0) {
                for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) { }
                break;
            }
            body.write(in.readNBytes(n));
            line(in);
        }
        return body.toByteArray();
    }

    /** One CRLF- (or LF-) terminated line, ISO-8859-1; null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') break;
            b.write(c);
        }
        if (c == -1 && b.size() == 0) return null;
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
