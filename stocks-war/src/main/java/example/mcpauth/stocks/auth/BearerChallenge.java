package example.mcpauth.stocks.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds RFC 6750 (section 3) {@code WWW-Authenticate: Bearer ...} challenges.
 * Attribute values are quoted strings; quotes and backslashes are escaped, control characters dropped.
 */
public final class BearerChallenge {

    public static final String INVALID_TOKEN = "invalid_token";
    public static final String INSUFFICIENT_SCOPE = "insufficient_scope";
    public static final String INVALID_REQUEST = "invalid_request";

    private final Map<String, String> params = new LinkedHashMap<>();

    private BearerChallenge() {
    }

    public static BearerChallenge bearer() {
        return new BearerChallenge();
    }

    /** No credentials were sent: just the scheme and realm (RFC 6750 3.1: no error code). */
    public static String missingToken(String realm) {
        return bearer().realm(realm).toHeader();
    }

    public static String invalidToken(String realm, String description) {
        return bearer().realm(realm).error(INVALID_TOKEN).description(description).toHeader();
    }

    public static String insufficientScope(String realm, String scope, String description) {
        return bearer().realm(realm).error(INSUFFICIENT_SCOPE).scope(scope).description(description).toHeader();
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

    public BearerChallenge scope(String scope) {
        return param("scope", scope);
    }

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
