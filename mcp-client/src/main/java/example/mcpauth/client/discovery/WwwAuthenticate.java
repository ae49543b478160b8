package example.mcpauth.client.discovery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parser for the {@code WWW-Authenticate} header (RFC 9110 §11.6.1): several challenges, each a scheme
 * followed by a token68 or comma-separated auth-params whose values are tokens or quoted strings
 * (with backslash escapes). Parameter names are case-insensitive and stored lower-case.
 */
public final class WwwAuthenticate {

    /** One challenge: its scheme and its parameters. */
    public record Challenge(String scheme, Map<String, String> params, String token68) {
        public Optional<String> param(String name) {
            return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private final List<Challenge> challenges;

    private WwwAuthenticate(List<Challenge> challenges) {
        this.challenges = Collections.unmodifiableList(challenges);
    }

    public List<Challenge> challenges() {
        return challenges;
    }

    /** The first Bearer challenge, if any. */
    public Optional<Challenge> bearer() {
        return challenges.stream().filter(c -> c.scheme().equalsIgnoreCase("Bearer")).findFirst();
    }

    /** A Bearer parameter, falling back to any challenge carrying it. */
    public Optional<String> bearerParam(String name) {
        Optional<String> v = bearer().flatMap(c -> c.param(name));
        if (v.isPresent()) {
            return v;
        }
        return challenges.stream().map(c -> c.params().get(name.toLowerCase(Locale.ROOT)))
                .filter(s -> s != null).findFirst();
    }

    public Optional<String> resourceMetadata() {
        return bearerParam("resource_metadata").filter(s -> !s.isBlank());
    }

    public Optional<String> scope() {
        return bearerParam("scope").filter(s -> !s.isBlank());
    }

    public Optional<String> error() {
        return bearerParam("error").filter(s -> !s.isBlank());
    }

    /** Parses all header values (a response may carry several WWW-Authenticate headers). */
    public static WwwAuthenticate parse(List<String> headerValues) {
        List<Challenge> all = new ArrayList<>();
        if (headerValues != null) {
            for (String v : headerValues) {
                all.addAll(new Parser(v == null ? "" : v).challenges());
            }
        }
        return new WwwAuthenticate(all);
    }

    public static WwwAuthenticate parse(String headerValue) {
        return parse(headerValue == null ? List.of() : List.of(headerValue));
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        List<Challenge> challenges() {
            List<Challenge> out = new ArrayList<>();
            while (true) {
                skipWsAndCommas();
                if (pos >= s.length()) {
                    return out;
                }
                String scheme = token();
                if (scheme.isEmpty()) {
                    pos++; // unexpected character: skip it
                    continue;
                }
                Map<String, String> params = new LinkedHashMap<>();
                String token68 = null;
                skipWs();
                // token68 (e.g. "Negotiate abc=="): token chars followed by '='* and then ',' or end
                int save = pos;
                String t = token68();
                if (!t.isEmpty()) {
                    skipWs();
                    if (pos >= s.length() || s.charAt(pos) == ',') {
                        if (t.indexOf('=') < 0 || t.endsWith("=")) {
                            token68 = t;
                        } else {
                            pos = save;
                        }
                    } else {
                        pos = save;
                    }
                }
                if (token68 == null) {
                    pos = save;
                    paramLoop:
                    while (true) {
                        skipWsAndCommas();
                        int before = pos;
                        String name = token();
                        if (name.isEmpty()) {
                            break;
                        }
                        skipWs();
                        if (pos < s.length() && s.charAt(pos) == '=') {
                            pos++;
                            skipWs();
                            String value = pos < s.length() && s.charAt(pos) == '"' ? quoted() : bareValue();
                            params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
                            skipWs();
                            if (pos < s.length() && s.charAt(pos) == ',') {
                                continue paramLoop;
                            }
                            break;
                        }
                        // a name without '=' starts the next challenge
                        pos = before;
                        break;
                    }
                }
                out.add(new Challenge(scheme, Collections.unmodifiableMap(params), token68));
            }
        }

        private void skipWs() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private void skipWsAndCommas() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == ',')) {
                pos++;
            }
        }

        private static boolean tchar(char c) {
            return Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && tchar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        /** Unquoted value: lenient (servers send unquoted URLs), up to a comma or whitespace. */
        private String bareValue() {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ' ' && s.charAt(pos) != '\t') {
                pos++;
            }
            return s.substring(start, pos);
        }

        private String token68() {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || "-._~+/".indexOf(s.charAt(pos)) >= 0)) {
                pos++;
            }
            while (pos < s.length() && s.charAt(pos) == '=') {
                pos++;
            }
            return s.substring(start, pos);
        }

        private String quoted() {
            StringBuilder sb = new StringBuilder();
            pos++; // opening quote
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) {
                    sb.append(s.charAt(pos++));
                } else if (c == '"') {
                    return sb.toString();
                } else {
                    sb.append(c);
                }
            }
            return sb.toString(); // unterminated: take the rest
        }
    }
}
