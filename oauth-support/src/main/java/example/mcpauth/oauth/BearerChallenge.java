package example.mcpauth.oauth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The value of a {@code WWW-Authenticate: Bearer ...} header (RFC 6750 section 3, RFC 9728 section 5.1).
 * Attribute values are quoted strings: quotes and backslashes are escaped, control characters dropped.
 * Attributes keep the order they were added in.
 */
public final class BearerChallenge {

    public static final String INVALID_TOKEN = "invalid_token";
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String INSUFFICIENT_SCOPE = "insufficient_scope";

    private static final Pattern PARAM = Pattern.compile("([A-Za-z_]+)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<String, String> params = new LinkedHashMap<>();

    private BearerChallenge() {
    }

    public static BearerChallenge bearer() {
        return new BearerChallenge();
    }

    public BearerChallenge realm(String realm) {
        return param("realm", realm);
    }

    public BearerChallenge error(String error) {
        return param("error", error);
    }

    public BearerChallenge description(String description) {
        return param("error_description", description);
    }

    /** The scopes the request needs, space separated (RFC 6750 section 3). */
    public BearerChallenge scope(String scope) {
        return param("scope", scope);
    }

    /** Where the client finds the protected resource metadata (RFC 9728 section 5.1). */
    public BearerChallenge resourceMetadata(String url) {
        return param("resource_metadata", url);
    }

    /** Adds an attribute; a null value adds nothing. */
    public BearerChallenge param(String name, String value) {
        if (value != null) {
            params.put(name, value);
        }
        return this;
    }

    public String toHeader() {
        if (params.isEmpty()) {
            return "Bearer";
        }
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + quote(e.getValue()) + "\"")
                .collect(Collectors.joining(", ", "Bearer ", ""));
    }

    /** The quoted attributes of a received Bearer challenge (e.g. error, scope); empty for null. */
    public static Map<String, String> parse(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        if (header != null) {
            Matcher m = PARAM.matcher(header);
            while (m.find()) {
                out.put(m.group(1), m.group(2).replaceAll("\\\\(.)", "$1"));
            }
        }
        return out;
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c != 0x7f) {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return toHeader();
    }
}
