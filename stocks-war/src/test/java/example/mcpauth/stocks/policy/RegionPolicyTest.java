package example.mcpauth.stocks.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RegionPolicyTest {

    private static Caller inRegion(String region) {
        return new Caller("user-1", region, null, null, Set.of("stocks/read"));
    }

    @Test
    void regionIsTakenFromTheToken() {
        assertThat(RegionPolicy.regionOf(inRegion("USA"))).isEqualTo("USA");
        assertThat(RegionPolicy.regionOf(inRegion("Europe"))).isEqualTo("Europe");
    }

    @Test
    void missingRegionIsRefused() {
        for (String region : new String[] {null}) {
            assertThatThrownBy(() -> RegionPolicy.regionOf(inRegion(region)))
                    .isInstanceOfSatisfying(AccessDenied.class, e -> {
                        assertThat(e.code()).isEqualTo("missing_region");
                        assertThat(e.getMessage()).contains("no 'region' claim");
                    });
        }
    }

    @Test
    void sameRegionIsComparedExactly() {
        assertThatCode(() -> RegionPolicy.requireSameRegion(inRegion("USA"), "COM1", "USA")).doesNotThrowAnyException();
        assertThatThrownBy(() -> RegionPolicy.requireSameRegion(inRegion("usa"), "COM1", "USA"))
                .isInstanceOfSatisfying(AccessDenied.class, e -> assertThat(e.code()).isEqualTo("region_not_allowed"));
    }

    @Test
    void otherRegionIsRefusedWithReason() {
        assertThatThrownBy(() -> RegionPolicy.requireSameRegion(inRegion("USA"), "COM2", "Europe"))
                .isInstanceOfSatisfying(AccessDenied.class, e -> {
                    assertThat(e.code()).isEqualTo("region_not_allowed");
                    assertThat(e.getMessage()).contains("COM2", "Europe", "USA");
                });
    }
}
