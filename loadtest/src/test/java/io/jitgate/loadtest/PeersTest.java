package io.jitgate.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The peers command's --p99-slo values. */
class PeersTest {
    @Test
    void p99BoundsAreReadInMillisecondsOrSeconds() {
        assertThat(Peers.millis("50ms")).isEqualTo(50);
        assertThat(Peers.millis(" 20 ")).isEqualTo(20);
        assertThat(Peers.millis("0.05s")).isEqualTo(50);
        assertThat(Peers.millis("2.5MS")).isEqualTo(2.5);
    }

    @Test
    void aBoundThatIsNoPositiveDurationIsRejectedNamingTheOption() {
        for (String bad : new String[] {"", "ms", "-5ms", "0", "fast", "50 minutes", "NaNms"}) {
            assertThatThrownBy(() -> Peers.millis(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--p99-slo").hasMessageContaining("'" + bad + "'");
        }
    }
}
