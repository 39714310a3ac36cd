package io.jitgate.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoakTest {
    @Test
    void memoryTrendIsTheLeastSquaresSlopeAfterTheFirstMinute() {
        List<double[]> samples = new ArrayList<>();
        for (int t = 0; t < 600; t++) {
            // a warm-up jump in the first minute, then 0.5 MiB per second of growth plus a saw-tooth (GC)
            double y = (t < 60 ? 100 + t : 200 + 0.5 * (t - 60)) + (t % 10 == 0 ? -3 : 1);
            samples.add(new double[] {t, y});
        }
        assertThat(Soak.slopePerMinute(samples, 60)).isCloseTo(30.0, within(0.5));
        List<double[]> flat = samples.stream().map(p -> new double[] {p[0], 250 + (p[0] % 10 == 0 ? -3 : 1)}).toList();
        assertThat(Soak.slopePerMinute(flat, 60)).isCloseTo(0.0, within(0.05));
    }
}
