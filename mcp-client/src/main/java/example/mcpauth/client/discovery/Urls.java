package example.mcpauth.client.discovery;

import java.net.URI;
import java.util.Locale;

/** URL helpers: canonical form for comparisons and well-known URL construction. */
public final class Urls {
    private Urls() {
    }

    /** scheme://host[:port] with lower-case scheme and host, default ports removed. */
    public static String origin(URI u) {
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort();
        boolean dflt = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (dflt ? "" : ":" + port);
    }

    /** The path without trailing slashes ("" for the root). */
    public static String path(URI u) {
        String p = u.getRawPath() == null ? "" : u.getRawPath();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** Canonical form (RFC 8707 / MCP): origin + path without trailing slash, no query, no fragment. */
    public static String canonical(URI u) {
        return origin(u) + path(u);
    }

    /** origin + "/.well-known/" + name + path (RFC 8414 §3.1 / RFC 9728 §3.1 path insertion). */
    public static URI wellKnown(URI base, String name, boolean withPath) {
        return URI.create(origin(base) + "/.well-known/" + name + (withPath ? path(base) : ""));
    }

    public static URI parseHttpUrl(String s, String what) {
        try {
            URI u = new URI(s.trim());
            if (u.getScheme() == null || u.getHost() == null
                    || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return u;
        } catch (Exception e) {
            throw new IllegalArgumentException(what + " is not a valid http(s) URL: " + s);
        }
    }
}
