package io.jitgate.loadtest.gen;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Per-second buckets of a measured run, by the second (since measurement began) in which a call
 * completed: completed calls, errors, and the latency histogram of that second (from which the
 * reports draw p50 and p99 over time). Not thread-safe: fed on the generator's context.
 */
public final class TimeSeries {
    private final List<Bucket> buckets = new ArrayList<>();

    /** One second of a run. */
    public static final class Bucket {
        long calls;
        long errors;
        final Histogram latencyMicros = new Histogram(LoadGenerator.MAX_MICROS, 2);

        public long calls() {
            return calls;
        }

        public long errors() {
            return errors;
        }

        public Histogram latencyMicros() {
            return latencyMicros;
        }
    }

    void success(int second, long latencyMicros) {
        Bucket b = at(second);
        b.calls++;
        b.latencyMicros.recordValue(Math.min(latencyMicros, LoadGenerator.MAX_MICROS));
    }

    void error(int second) {
        at(second).errors++;
    }

    private Bucket at(int second) {
        while (buckets.size() <= second) {
            buckets.add(new Bucket());
        }
        return buckets.get(second);
    }

    /** The buckets, first second first; seconds with nothing completed are present and empty. */
    public List<Bucket> buckets() {
        return List.copyOf(buckets);
    }
}
