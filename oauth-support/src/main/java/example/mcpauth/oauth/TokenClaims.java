package example.mcpauth.oauth;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Strict readers of the claims both WARs decide on. A claim is read exactly as the authorization
 * server issues it; a claim of another JSON type is an {@link InvalidClaim}, never coerced:
 * <ul>
 * <li>{@code scope}: a JSON string of space-separated scope tokens (RFC 8693 section 4.2, RFC 9068
 *     section 2.2.3). An array, a number or a string with leading, trailing or doubled spaces is refused
 *     by both WARs (the {@code scp} spelling is not read).</li>
 * <li>text claims ({@code region}, {@code client_type}): a JSON string, non-empty, without leading or
 *     trailing white space; compared exactly (no case folding).</li>
 * <li>number claims ({@code client_assurance_level}): a JSON integer; the string {@code "5"} is refused.</li>
 * </ul>
 * An absent claim is empty/null: what that means is the caller's rule.
 */
public final class TokenClaims {

    public static final String SCOPE = "scope";

    private TokenClaims() {
    }

    /** The granted scopes; empty when the token has no scope claim. */
    public static Set<String> scopes(JsonWebToken jwt) {
        Object claim = jwt.getClaim(SCOPE);
        if (isAbsent(claim)) {
            return Set.of();
        }
        String text = asString(claim);
        if (text == null || text.isEmpty() || !text.equals(text.strip()) || text.contains("  ")
                || text.chars().anyMatch(c -> c < 0x21 && c != ' ' || c == '"' || c == '\\' || c > 0x7e)) {
            throw new InvalidClaim(SCOPE, "the scope claim must be a string of space-separated scopes");
        }
        return Set.copyOf(new LinkedHashSet<>(Arrays.asList(text.split(" "))));
    }

    /** A text claim, or null when absent. */
    public static String text(JsonWebToken jwt, String name) {
        Object claim = jwt.getClaim(name);
        if (isAbsent(claim)) {
            return null;
        }
        String text = asString(claim);
        if (text == null || text.isEmpty() || !text.equals(text.strip())) {
            throw new InvalidClaim(name, "the " + name + " claim must be a non-empty string without surrounding spaces");
        }
        return text;
    }

    /** An integer claim, or null when absent. */
    public static Integer integer(JsonWebToken jwt, String name) {
        Object claim = jwt.getClaim(name);
        if (isAbsent(claim)) {
            return null;
        }
        BigDecimal value;
        if (claim instanceof JsonNumber n) {
            value = n.bigDecimalValue();
        } else if (claim instanceof Integer || claim instanceof Long || claim instanceof Short || claim instanceof Byte) {
            value = BigDecimal.valueOf(((Number) claim).longValue());
        } else if (claim instanceof Number n) {
            value = new BigDecimal(n.toString());
        } else {
            throw new InvalidClaim(name, "the " + name + " claim must be a JSON number");
        }
        try {
            return value.intValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidClaim(name, "the " + name + " claim must be a whole number");
        }
    }

    private static boolean isAbsent(Object claim) {
        return claim == null || claim == JsonValue.NULL;
    }

    private static String asString(Object claim) {
        if (claim instanceof JsonString s) {
            return s.getString();
        }
        return claim instanceof String s ? s : null;
    }
}
