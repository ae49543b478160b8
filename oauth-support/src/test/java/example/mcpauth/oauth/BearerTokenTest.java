package example.mcpauth.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import example.mcpauth.oauth.BearerToken.Kind;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenTest {

    static final String JWT = part("{\"alg\":\"RS256\",\"kid\":\"k1\"}") + "." + part("{\"sub\":\"john\",\"n\":1}")
            + "." + part("signature-bytes-of-some-length");

    static String part(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes());
    }

    @Test
    void aCanonicalJwtIsPresentInAnyCaseOfTheScheme() {
        for (String scheme : List.of("Bearer", "bearer", "BEARER", "bEaReR")) {
            BearerToken.Presented p = BearerToken.read(List.of(scheme + " " + JWT));
            assertThat(p.kind()).isEqualTo(Kind.PRESENT);
            assertThat(p.token()).isEqualTo(JWT);
        }
    }

    @Test
    void noHeaderOrAnotherSchemeIsNoBearerToken() {
        assertThat(BearerToken.read(List.of()).kind()).isEqualTo(Kind.NONE);
        assertThat(BearerToken.read(List.of("")).kind()).isEqualTo(Kind.NONE);
        assertThat(BearerToken.read(List.of("Basic dXNlcjpwYXNz")).kind()).isEqualTo(Kind.OTHER_SCHEME);
        assertThat(BearerToken.read(List.of("Bearerx " + JWT)).kind()).isEqualTo(Kind.OTHER_SCHEME);
    }

    @Test
    void twoHeadersAreRefusedWhateverTheyHold() {
        assertThat(BearerToken.read(List.of("Bearer " + JWT, "Bearer " + JWT)).kind()).isEqualTo(Kind.DUPLICATE_HEADER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"==", "=", "!!!", "%", "%3D", "é", " ", "\t", "."})
    void anythingAppendedToTheSignatureMakesItMalformed(String suffix) {
        assertThat(BearerToken.read(List.of("Bearer " + JWT + suffix)).kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void otherNonCanonicalFormsAreMalformed() {
        String[] p = JWT.split("\\.");
        assertThat(BearerToken.read(List.of("Bearer")).kind()).isEqualTo(Kind.MALFORMED);
        assertThat(BearerToken.read(List.of("Bearer ")).kind()).isEqualTo(Kind.MALFORMED);
        assertThat(BearerToken.read(List.of("Bearer  " + JWT)).kind()).isEqualTo(Kind.MALFORMED);
        assertThat(BearerToken.read(List.of("Bearer " + p[0] + "." + p[1])).kind()).isEqualTo(Kind.MALFORMED);
        assertThat(BearerToken.read(List.of("Bearer " + p[0] + "." + p[1] + "..")).kind()).isEqualTo(Kind.MALFORMED);
        assertThat(BearerToken.read(List.of("Bearer " + p[0] + ".." + p[2])).kind()).isEqualTo(Kind.MALFORMED);
        assertThat(BearerToken.isCanonicalJws("a+b.c.d")).isFalse();
        assertThat(BearerToken.isCanonicalJws("ab/c.d.e")).isFalse();
    }

    @Test
    void unusedBitsMustBeZero() {
        // "QQ" is the canonical encoding of the byte 'A'; "QR" decodes to the same byte with a stray bit
        assertThat(BearerToken.isCanonicalBase64Url("QQ")).isTrue();
        assertThat(BearerToken.isCanonicalBase64Url("QR")).isFalse();
        assertThat(BearerToken.isCanonicalBase64Url("Q")).isFalse();
    }

    @Test
    void theOutcomeNeverPrintsTheToken() {
        assertThat(BearerToken.read(List.of("Bearer " + JWT)).toString()).doesNotContain(JWT);
    }
}
