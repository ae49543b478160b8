package example.mcpauth.mcp.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExchangedTokenCacheTest {

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
        void advance(Duration d) { now = now.plus(d); }
    }

    final MutableClock clock = new MutableClock();
    final ExchangedTokenCache cache = new ExchangedTokenCache(3, Duration.ofSeconds(30), clock);

    @Test
    void entryLivesUntilSkewBeforeExpiry() {
        cache.put("subject-1", "api", "exchanged-1", 300);
        clock.advance(Duration.ofSeconds(269));
        assertThat(cache.get("subject-1", "api")).contains("exchanged-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("subject-1", "api")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void tokenExpiringWithinSkewIsNotCached() {
        cache.put("subject-1", "api", "exchanged-1", 30);
        cache.put("subject-2", "api", "exchanged-2", 0);
        assertThat(cache.get("subject-1", "api")).isEmpty();
        assertThat(cache.get("subject-2", "api")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void keyedBySubjectAndAudience() {
        cache.put("subject-1", "api-a", "for-a", 300);
        cache.put("subject-1", "api-b", "for-b", 300);
        assertThat(cache.get("subject-1", "api-a")).contains("for-a");
        assertThat(cache.get("subject-1", "api-b")).contains("for-b");
        assertThat(cache.get("subject-2", "api-a")).isEmpty();
    }

    @Test
    void boundedLeastRecentlyUsedGoesFirst() {
        cache.put("s1", "api", "t1", 300);
        cache.put("s2", "api", "t2", 300);
        cache.put("s3", "api", "t3", 300);
        assertThat(cache.get("s1", "api")).contains("t1"); // s1 now most recently used
        cache.put("s4", "api", "t4", 300);
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get("s2", "api")).isEmpty();
        assertThat(cache.get("s1", "api")).contains("t1");
        assertThat(cache.get("s3", "api")).contains("t3");
        assertThat(cache.get("s4", "api")).contains("t4");
    }

    @Test
    void keysHoldOnlyTheSha256OfTheSubjectToken() {
        String subject = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJqb2huIn0.c2lnbmF0dXJl";
        cache.put(subject, "api", "exchanged", 300);
        assertThat(cache.keys()).hasSize(1);
        String key = cache.keys().iterator().next();
        assertThat(key).doesNotContain(subject).doesNotContain("eyJ");
        // SHA-256("abc") is the well-known test vector
        assertThat(ExchangedTokenCache.key("abc", "api"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad api");
    }

    @Test
    void invalidateDropsTheEntry() {
        cache.put("s1", "api", "t1", 300);
        cache.invalidate("s1", "api");
        assertThat(cache.get("s1", "api")).isEmpty();
    }

    @Test
    void sizeZeroTurnsCachingOff() {
        ExchangedTokenCache off = new ExchangedTokenCache(0, Duration.ofSeconds(30), clock);
        off.put("subject-1", "api", "exchanged-1", 300);
        assertThat(off.get("subject-1", "api")).isEmpty();
        assertThat(off.size()).isZero();
    }

    @Test
    void negativeSizeIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ExchangedTokenCache(-1, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
