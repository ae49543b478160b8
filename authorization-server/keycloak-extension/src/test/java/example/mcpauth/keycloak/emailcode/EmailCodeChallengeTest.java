package example.mcpauth.keycloak.emailcode;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class EmailCodeChallengeTest {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final EmailCodeChallenge challenge = new EmailCodeChallenge(new SecureRandom());
    private final Map<String, String> store = new HashMap<>();
    private final EmailCodeChallenge.Notes notes = new EmailCodeChallenge.Notes() {
        @Override
        public String get(String key) {
            return store.get(key);
        }

        @Override
        public void set(String key, String value) {
            store.put(key, value);
        }

        @Override
        public void remove(String key) {
            store.remove(key);
        }
    };

    @Test
    void codesAreSixDigitsAndVary() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String code = challenge.newCode();
            assertThat(code).matches("\\d{6}");
            seen.add(code);
        }
        assertThat(seen).hasSizeGreaterThan(190);
    }

    @Test
    void theCodeItselfIsNeverStored() {
        String code = challenge.issue(notes, T0, TTL);
        assertThat(store.values()).doesNotContain(code);
        assertThat(store.get(EmailCodeChallenge.HASH)).matches("[0-9a-f]{64}");
    }

    @Test
    void rightCodeWithinLifetimeSucceedsOnceAndClearsState() {
        String code = challenge.issue(notes, T0, TTL);
        assertThat(challenge.verify(notes, code, T0.plusSeconds(299), 3)).isEqualTo(EmailCodeChallenge.Result.OK);
        assertThat(challenge.verify(notes, code, T0.plusSeconds(299), 3)).isEqualTo(EmailCodeChallenge.Result.NO_CODE);
    }

    @Test
    void spacesAroundAndInsideTheCodeAreIgnored() {
        String code = challenge.issue(notes, T0, TTL);
        String spaced = " " + code.substring(0, 3) + " " + code.substring(3) + " ";
        assertThat(challenge.verify(notes, spaced, T0, 3)).isEqualTo(EmailCodeChallenge.Result.OK);
    }

    @Test
    void wrongCodeCountsAndLocksAfterMaxAttempts() {
        String code = challenge.issue(notes, T0, TTL);
        String wrong = other(code);
        assertThat(challenge.verify(notes, wrong, T0, 3)).isEqualTo(EmailCodeChallenge.Result.WRONG_CODE);
        assertThat(challenge.attemptsLeft(notes, 3)).isEqualTo(2);
        assertThat(challenge.verify(notes, "abc", T0, 3)).isEqualTo(EmailCodeChallenge.Result.WRONG_CODE);
        assertThat(challenge.verify(notes, wrong, T0, 3)).isEqualTo(EmailCodeChallenge.Result.WRONG_CODE_LOCKED);
        // locked: even the right code no longer works
        assertThat(challenge.verify(notes, code, T0, 3)).isEqualTo(EmailCodeChallenge.Result.LOCKED);
    }

    @Test
    void expiredCodeIsRefusedAndForgotten() {
        String code = challenge.issue(notes, T0, TTL);
        assertThat(challenge.verify(notes, code, T0.plus(TTL).plusMillis(1), 3)).isEqualTo(EmailCodeChallenge.Result.EXPIRED);
        assertThat(challenge.verify(notes, code, T0.plus(TTL).plusMillis(2), 3)).isEqualTo(EmailCodeChallenge.Result.NO_CODE);
    }

    @Test
    void aNewCodeReplacesTheOldOneAndUnlocks() {
        String first = challenge.issue(notes, T0, TTL);
        for (int i = 0; i < 3; i++) {
            challenge.verify(notes, other(first), T0, 3);
        }
        String second = challenge.issue(notes, T0.plusSeconds(60), TTL);
        if (!second.equals(first)) {
            assertThat(challenge.verify(notes, first, T0.plusSeconds(61), 3)).isEqualTo(EmailCodeChallenge.Result.WRONG_CODE);
        }
        assertThat(challenge.verify(notes, second, T0.plusSeconds(61), 3)).isEqualTo(EmailCodeChallenge.Result.OK);
    }

    @Test
    void resendsAreRateLimited() {
        Duration interval = Duration.ofSeconds(30);
        assertThat(challenge.resendWaitSeconds(notes, T0, interval)).isZero();
        challenge.issue(notes, T0, TTL);
        assertThat(challenge.resendWaitSeconds(notes, T0.plusSeconds(1), interval)).isEqualTo(29);
        assertThat(challenge.resendWaitSeconds(notes, T0.plusMillis(29_500), interval)).isEqualTo(1);
        assertThat(challenge.resendWaitSeconds(notes, T0.plusSeconds(30), interval)).isZero();
    }

    @Test
    void hashesDependOnSalt() {
        assertThat(EmailCodeChallenge.hash("a", "123456")).isNotEqualTo(EmailCodeChallenge.hash("b", "123456"));
        assertThat(EmailCodeChallenge.hash("a", "123456")).isEqualTo(EmailCodeChallenge.hash("a", "123456"));
    }

    private static String other(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }
}
