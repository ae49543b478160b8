package example.mcpauth.gateway.support;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Opaque tokens and JWTs of the test run; every one is remembered for the log check at the end. */
public final class Secrets {
    private static final Set<String> ALL = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** A random opaque access token (43 base64url characters, like a real one). */
    public static String opaqueToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return remember("ot_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    }

    /** A JWT-shaped token with the given claims JSON (signature random: nginx does not verify it). */
    public static String jwt(String claimsJson) {
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        byte[] sig = new byte[32];
        RANDOM.nextBytes(sig);
        return remember(enc.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes())
                + "." + enc.encodeToString(claimsJson.getBytes()) + "." + enc.encodeToString(sig));
    }

    public static String remember(String secret) {
        ALL.add(secret);
        return secret;
    }

    public static Set<String> all() {
        return Set.copyOf(ALL);
    }
}
