package example.mcpauth.oauth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The Authorization header rule (RFC 6750 section 2.1, RFC 7515 section 7.1), the same at every hop:
 * at most one Authorization header; the scheme {@code Bearer} in any letter case; the token a JWS in
 * compact form whose three parts are canonical base64url (no padding, no other characters, no unused
 * bits set), so that one token has exactly one spelling. Anything else is refused before the token is
 * looked at.
 */
public final class BearerToken {

    /** What the request carries. */
    public enum Kind {
        /** no Authorization header */
        NONE,
        /** an Authorization header with another scheme (e.g. Basic): no bearer token was sent */
        OTHER_SCHEME,
        /** more than one Authorization header */
        DUPLICATE_HEADER,
        /** a Bearer header whose token is not a canonical JWS compact serialisation */
        MALFORMED,
        /** a Bearer header with a well-formed token */
        PRESENT
    }

    /**
     * The outcome; {@code token} is set only for {@link Kind#PRESENT}. {@code canonicalScheme}: the scheme
     * was spelled exactly "Bearer" (Liberty's mpJwt reads no other spelling).
     */
    public record Presented(Kind kind, String token, boolean canonicalScheme) {
        Presented(Kind kind, String token) {
            this(kind, token, false);
        }

        @Override
        public String toString() {
            return "Presented[" + kind + "]"; // never the token
        }
    }

    private static final String SCHEME = "bearer";

    private BearerToken() {
    }

    public static Presented read(HttpServletRequest request) {
        List<String> headers = Collections.list(request.getHeaders("Authorization"));
        return read(headers == null ? List.of() : new ArrayList<>(headers));
    }

    public static Presented read(List<String> authorizationHeaders) {
        if (authorizationHeaders.isEmpty()) {
            return new Presented(Kind.NONE, null);
        }
        if (authorizationHeaders.size() > 1) {
            return new Presented(Kind.DUPLICATE_HEADER, null);
        }
        String header = authorizationHeaders.get(0);
        int space = header.indexOf(' ');
        String scheme = (space < 0 ? header : header.substring(0, space)).toLowerCase(Locale.ROOT);
        if (!scheme.equals(SCHEME)) {
            return header.isBlank() ? new Presented(Kind.NONE, null) : new Presented(Kind.OTHER_SCHEME, null);
        }
        String token = space < 0 ? "" : header.substring(space + 1);
        return isCanonicalJws(token) ? new Presented(Kind.PRESENT, token, header.startsWith("Bearer "))
                : new Presented(Kind.MALFORMED, null);
    }

    /** Three non-empty base64url parts separated by dots, each exactly as a base64url encoder writes it. */
    public static boolean isCanonicalJws(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        for (String part : parts) {
            if (!isCanonicalBase64Url(part)) {
                return false;
            }
        }
        return true;
    }

    /** True when decoding and re-encoding (without padding) gives the same characters back. */
    public static boolean isCanonicalBase64Url(String part) {
        if (part.isEmpty()) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(part);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(part);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
