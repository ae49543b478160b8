package example.mcpauth.keycloak.emailcode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The one-time code's life: issue, verify, lock, resend limit. Keeps its state in string notes
 * (the authentication session's auth notes in Keycloak) and never stores the code itself: only a
 * salted SHA-256 hash, compared in constant time.
 */
public final class EmailCodeChallenge {

    /** Where the state lives (Keycloak: the authentication session's auth notes). */
    public interface Notes {
        String get(String key);

        void set(String key, String value);

        void remove(String key);
    }

    /** Outcome of a code check. */
    public enum Result {
        /** the code matched; the state is cleared */
        OK,
        /** the code did not match; tries remain */
        WRONG_CODE,
        /** the code did not match and that was the last try: the code is now locked */
        WRONG_CODE_LOCKED,
        /** the code is older than its lifetime; the state is cleared */
        EXPIRED,
        /** the code was locked by earlier wrong tries (nothing was compared); a new one must be requested */
        LOCKED,
        /** no code was issued in this login */
        NO_CODE
    }

    static final String SALT = "emailcode.salt";
    static final String HASH = "emailcode.hash";
    static final String EXPIRES = "emailcode.expires";
    static final String ATTEMPTS = "emailcode.attempts";
    static final String SENT = "emailcode.sent";
    static final String LOCKED = "emailcode.locked";

    public static final int CODE_DIGITS = 6;

    private final SecureRandom random;

    public EmailCodeChallenge(SecureRandom random) {
        this.random = random;
    }

    public EmailCodeChallenge() {
        this(new SecureRandom());
    }

    /** A new 6-digit code (uniform over 000000..999999). */
    public String newCode() {
        return String.format("%06d", random.nextInt(1_000_000));
    }

    /** Issues a new code: stores its salted hash, expiry and a zero try count; returns the code. */
    public String issue(Notes notes, Instant now, Duration ttl) {
        String code = newCode();
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        String saltText = Base64.getEncoder().encodeToString(salt);
        notes.set(SALT, saltText);
        notes.set(HASH, hash(saltText, code));
        notes.set(EXPIRES, Long.toString(now.plus(ttl).toEpochMilli()));
        notes.set(SENT, Long.toString(now.toEpochMilli()));
        notes.set(ATTEMPTS, "0");
        notes.remove(LOCKED);
        return code;
    }

    /** Checks a submitted code; counts wrong tries and locks the code after {@code maxAttempts}. */
    public Result verify(Notes notes, String submitted, Instant now, int maxAttempts) {
        String hash = notes.get(HASH);
        if (hash == null) {
            return notes.get(LOCKED) != null ? Result.LOCKED : Result.NO_CODE;
        }
        long expires = Long.parseLong(notes.get(EXPIRES));
        if (now.toEpochMilli() > expires) {
            clearCode(notes);
            return Result.EXPIRED;
        }
        String normalized = submitted == null ? "" : submitted.replaceAll("\\s", "");
        boolean wellFormed = normalized.matches("\\d{" + CODE_DIGITS + "}");
        // hash even malformed input so that both paths cost the same
        String candidate = hash(notes.get(SALT), wellFormed ? normalized : "x" + normalized);
        boolean match = MessageDigest.isEqual(
                candidate.getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII));
        if (match && wellFormed) {
            clearCode(notes);
            notes.remove(SENT);
            return Result.OK;
        }
        int attempts = Integer.parseInt(notes.get(ATTEMPTS)) + 1;
        if (attempts >= maxAttempts) {
            clearCode(notes);
            notes.set(LOCKED, "true");
            return Result.WRONG_CODE_LOCKED;
        }
        notes.set(ATTEMPTS, Integer.toString(attempts));
        return Result.WRONG_CODE;
    }

    /** Wrong tries left for the current code (0 when none is active). */
    public int attemptsLeft(Notes notes, int maxAttempts) {
        if (notes.get(HASH) == null) {
            return 0;
        }
        return Math.max(0, maxAttempts - Integer.parseInt(notes.get(ATTEMPTS)));
    }

    /** Seconds until another code may be sent; 0 when a resend is allowed now. */
    public long resendWaitSeconds(Notes notes, Instant now, Duration interval) {
        String sent = notes.get(SENT);
        if (sent == null) {
            return 0;
        }
        long readyAt = Long.parseLong(sent) + interval.toMillis();
        long waitMillis = readyAt - now.toEpochMilli();
        return waitMillis <= 0 ? 0 : (waitMillis + 999) / 1000;
    }

    /** Forgets everything about the code (e.g. when the user starts over with another email). */
    public void reset(Notes notes) {
        clearCode(notes);
        notes.remove(SENT);
        notes.remove(LOCKED);
    }

    private static void clearCode(Notes notes) {
        notes.remove(SALT);
        notes.remove(HASH);
        notes.remove(EXPIRES);
        notes.remove(ATTEMPTS);
    }

    static String hash(String salt, String code) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt.getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            return HexFormat.of().formatHex(digest.digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
