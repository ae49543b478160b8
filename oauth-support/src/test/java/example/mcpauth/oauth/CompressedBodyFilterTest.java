package example.mcpauth.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompressedBodyFilterTest {

    @Test
    void anyEncodingButIdentityIsRefused() {
        for (String encoding : new String[] {"gzip", "deflate", "br", "GZIP", "gzip, deflate", "x-unknown"}) {
            assertThat(CompressedBodyFilter.isEncoded(encoding)).as(encoding).isTrue();
        }
        assertThat(CompressedBodyFilter.isEncoded(null)).isFalse();
        assertThat(CompressedBodyFilter.isEncoded("")).isFalse();
        assertThat(CompressedBodyFilter.isEncoded("identity")).isFalse();
        assertThat(CompressedBodyFilter.isEncoded(" Identity ")).isFalse();
    }
}
