package example.mcpauth.stocks.auth;

import example.mcpauth.stocks.policy.Caller;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Reads a {@link Caller} from a validated token, tolerating the claim shapes authorization servers use. */
public final class Callers {

    private Callers() {
    }

    public static Caller from(JsonWebToken jwt) {
        return new Caller(jwt.getSubject(),
                text(jwt.getClaim("region")),
                text(jwt.getClaim("client_type")),
                integer(jwt.getClaim("client_assurance_level")),
                scopes(text(jwt.getClaim("scope"))));
    }

    public static Set<String> scopes(String scopeClaim) {
        if (scopeClaim == null || scopeClaim.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(scopeClaim.trim().split("\\s+")).collect(Collectors.toUnmodifiableSet());
    }

    static String text(Object claim) {
        if (claim == null || claim == JsonValue.NULL) {
            return null;
        }
        if (claim instanceof JsonString s) {
            return s.getString();
        }
        return claim.toString();
    }

    static Integer integer(Object claim) {
        if (claim instanceof JsonNumber n) {
            return n.isIntegral() ? n.intValue() : null;
        }
        if (claim instanceof Number n) {
            return n.intValue();
        }
        String s = text(claim);
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
