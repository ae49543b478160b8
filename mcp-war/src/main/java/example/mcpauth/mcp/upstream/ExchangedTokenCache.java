package example.mcpauth.mcp.upstream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bounded cache of exchanged tokens, keyed by (SHA-256 of the subject token, audience, requested scopes):
 * a token exchanged for one tool's scopes is never handed to a tool that asked for others. The raw subject
 * token is never stored. An entry lives until {@code skew} before the exchanged token expires (never past
 * {@code expires_in}); the least recently used entry is dropped when the cache is full. A size of 0
 * turns caching off (every tool call exchanges again), which the benchmark uses for its cold figures.
 */
public final class ExchangedTokenCache {

    private record Entry(String token, Instant validUntil) { }

    private final int maxEntries;
    private final Duration skew;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries;

    public ExchangedTokenCache(int maxEntries, Duration skew, Clock clock) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("mcp.token.cache.size must be 0 (off) or more");
        }
        this.maxEntries = maxEntries;
        this.skew = skew.isNegative() ? Duration.ZERO : skew;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > ExchangedTokenCache.this.maxEntries;
            }
        };
    }

    /** The cache key: never contains the subject token itself. */
    public static String key(String subjectToken, String audience, String scope) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(subjectToken.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash) + " " + audience + " " + scope;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public synchronized Optional<String> get(String subjectToken, String audience, String scope) {
        String key = key(subjectToken, audience, scope);
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.validUntil())) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.token());
    }

    /** Caches the token unless it expires within the skew (then it is used once and not kept). */
    public synchronized void put(String subjectToken, String audience, String scope, String exchangedToken, long expiresInSeconds) {
        if (maxEntries == 0 || expiresInSeconds <= 0) {
            return;
        }
        Instant validUntil = clock.instant().plusSeconds(expiresInSeconds).minus(skew);
        if (!validUntil.isAfter(clock.instant())) {
            return;
        }
        entries.put(key(subjectToken, audience, scope), new Entry(exchangedToken, validUntil));
    }

    public synchronized void invalidate(String subjectToken, String audience, String scope) {
        entries.remove(key(subjectToken, audience, scope));
    }

    public synchronized int size() {
        return entries.size();
    }

    /** The keys held (for tests: proves no raw token is stored). */
    synchronized java.util.Set<String> keys() {
        return java.util.Set.copyOf(entries.keySet());
    }
}
