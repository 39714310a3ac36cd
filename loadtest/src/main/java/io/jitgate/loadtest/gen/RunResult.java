package io.jitgate.loadtest.gen;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one measured run produced (warm-up excluded).
 *
 * @param latencyMicros latency corrected for coordinated omission: from each call's intended start
 *        (open loop), or with HdrHistogram's expected-interval back-filling (closed loop)
 * @param serviceMicros latency from the moment each call was actually sent, uncorrected
 * @param expectedIntervalMicros the closed loop's expected interval between a worker's calls (the
 *        warm-up's median latency), 0 for open loop
 * @param callsPerSecond successful calls completed inside the measurement window, per second
 * @param generatorCpuPercent the generator's own CPU use during the window (100 = one core)
 * @param targetCpuPercent the server's CPU use during the window, -1 when its pid is unknown
 * @param rssMiB the server's resident memory sampled about once a second, empty when unknown
 * @param errorSamples error messages (cut to 200 characters) and how often each was seen
 */
public record RunResult(
        String label,
        LoadShape shape,
        Histogram latencyMicros,
        Histogram serviceMicros,
        long expectedIntervalMicros,
        long calls,
        long errors,
        double callsPerSecond,
        double generatorCpuPercent,
        double targetCpuPercent,
        TimeSeries series,
        List<double[]> rssMiB,
        Map<String, Long> errorSamples) {

    /** Corrected latency at {@code percentile} (0-100), in milliseconds. */
    public double latencyMs(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Uncorrected (service) latency at {@code percentile}, in milliseconds. */
    public double serviceMs(double percentile) {
        return serviceMicros.getTotalCount() == 0 ? Double.NaN : serviceMicros.getValueAtPercentile(percentile) / 1000.0;
    }
}
