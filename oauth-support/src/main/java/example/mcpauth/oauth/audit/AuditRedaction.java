package example.mcpauth.oauth.audit;

import java.util.regex.Pattern;

/**
 * The rule that keeps tokens out of the audit trail: a value that contains anything shaped like a
 * token — a JWS/JWE (base64url parts joined by dots), a run of 32 or more base64url characters (an
 * opaque token) unless the whole value is a UUID, or the word Bearer — is replaced by
 * {@value #REDACTED} as a whole, even when it came from a claim. Values are also cut to
 * {@value #MAX_LENGTH} characters. Subjects and client ids (UUIDs, names, URLs) pass unchanged.
 * The gateway applies the same rule (gateway/lua/phantom_token.lua, audit_value).
 */
public final class AuditRedaction {

    public static final String REDACTED = "[redacted]";
    public static final int MAX_LENGTH = 200;

    private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.|(?i)bearer\\s");
    private static final Pattern OPAQUE_LIKE = Pattern.compile("[A-Za-z0-9_-]{32,}");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private AuditRedaction() {
    }

    public static String clean(String value) {
        if (value == null) {
            return null;
        }
        if (TOKEN_LIKE.matcher(value).find()
                || OPAQUE_LIKE.matcher(value).find() && !UUID.matcher(value).matches()) {
            return REDACTED;
        }
        return value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) + "…" : value;
    }
}
