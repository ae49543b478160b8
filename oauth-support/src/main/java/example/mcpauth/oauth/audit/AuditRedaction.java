package example.mcpauth.oauth.audit;

import java.util.regex.Pattern;

/**
 * The rule that keeps tokens out of the audit trail: a value that contains anything shaped like a
 * token — a JWS/JWE (base64url parts joined by dots), a long base64url run (an opaque token), or the
 * word Bearer — is replaced by {@value #REDACTED} as a whole, even when it came from a claim. Values are
 * also cut to {@value #MAX_LENGTH} characters. Subjects and client ids (UUIDs, URLs) pass unchanged.
 */
public final class AuditRedaction {

    public static final String REDACTED = "[redacted]";
    public static final int MAX_LENGTH = 200;

    private static final Pattern TOKEN_LIKE = Pattern.compile(
            "[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.|[A-Za-z0-9_\\-+/=]{48,}|(?i)bearer\\s");

    private AuditRedaction() {
    }

    public static String clean(String value) {
        if (value == null) {
            return null;
        }
        if (TOKEN_LIKE.matcher(value).find()) {
            return REDACTED;
        }
        return value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) + "…" : value;
    }
}
