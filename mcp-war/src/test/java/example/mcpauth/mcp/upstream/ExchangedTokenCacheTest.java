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
        cache.put("subject-1", "api", "stocks/read", "exchanged-1", 300);
        clock.advance(Duration.ofSeconds(269));
        assertThat(cache.get("subject-1", "api", "stocks/read")).contains("exchanged-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("subject-1", "api", "stocks/read")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void tokenExpiringWithinSkewIsNotCached() {
        cache.put("subject-1", "api", "stocks/read", "exchanged-1", 30);
        cache.put("subject-2", "api", "stocks/read", "exchanged-2", 0);
        assertThat(cache.get("subject-1", "api", "stocks/read")).isEmpty();
        assertThat(cache.get("subject-2", "api", "stocks/read")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void keyedBySubjectAndAudience() {
        cache.put("subject-1", "api-a", "stocks/read", "for-a", 300);
        cache.put("subject-1", "api-b", "stocks/read", "for-b", 300);
        assertThat(cache.get("subject-1", "api-a", "stocks/read")).contains("for-a");
        assertThat(cache.get("subject-1", "api-b", "stocks/read")).contains("for-b");
        assertThat(cache.get("subject-2", "api-a", "stocks/read")).isEmpty();
    }

    @Test
    void boundedLeastRecentlyUsedGoesFirst() {
        cache.put("s1", "api", "stocks/read", "t1", 300);
        cache.put("s2", "api", "stocks/read", "t2", 300);
        cache.put("s3", "api", "stocks/read", "t3", 300);
        assertThat(cache.get("s1", "api", "stocks/read")).contains("t1"); // s1 now most recently used
        cache.put("s4", "api", "stocks/read", "t4", 300);
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get("s2", "api", "stocks/read")).isEmpty();
        assertThat(cache.get("s1", "api", "stocks/read")).contains("t1");
        assertThat(cache.get("s3", "api", "stocks/read")).contains("t3");
        assertThat(cache.get("s4", "api", "stocks/read")).contains("t4");
    }

    @Test
    void keysHoldOnlyTheSha256OfTheSubjectToken() {
        String subject = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJqb2huIn0.c2lnbmF0dXJl";
        cache.put(subject, "api", "stocks/read", "exchanged", 300);
        assertThat(cache.keys()).hasSize(1);
        String key = cache.keys().iterator().next();
        assertThat(key).doesNotContain(subject).doesNotContain("eyJ");
        // SHA-256("abc") is the well-known test vector
        assertThat(ExchangedTokenCache.key("abc", "api", "stocks/read"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad api stocks/read");
    }

    @Test
    void theRequestedScopesArePartOfTheKey() {
        // place-stock-order's token (stocks/trade) must not serve fetch-stock-prices, nor the other way round
        cache.put("subject-1", "api", "stocks/read", "read-only", 300);
        cache.put("subject-1", "api", "stocks/read stocks/trade", "read-and-trade", 300);
        assertThat(cache.get("subject-1", "api", "stocks/read")).contains("read-only");
        assertThat(cache.get("subject-1", "api", "stocks/read stocks/trade")).contains("read-and-trade");
        assertThat(cache.get("subject-1", "api", "stocks/trade")).isEmpty();
        cache.invalidate("subject-1", "api", "stocks/read stocks/trade");
        assertThat(cache.get("subject-1", "api", "stocks/read")).contains("read-only");
    }

    @Test
    void invalidateDropsTheEntry() {
        cache.put("s1", "api", "stocks/read", "t1", 300);
        cache.invalidate("s1", "api", "stocks/read");
        assertThat(cache.get("s1", "api", "stocks/read")).isEmpty();
    }

    @Test
    void sizeZeroTurnsCachingOff() {
        ExchangedTokenCache off = new ExchangedTokenCache(0, Duration.ofSeconds(30), clock);
        off.put("subject-1", "api", "stocks/read", "exchanged-1", 300);
        assertThat(off.get("subject-1", "api", "stocks/read")).isEmpty();
        assertThat(off.size()).isZero();
    }

    @Test
    void negativeSizeIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ExchangedTokenCache(-1, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
