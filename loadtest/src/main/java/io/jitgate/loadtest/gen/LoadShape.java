package io.jitgate.loadtest.gen;

import java.time.Duration;

/**
 * How load is offered. {@link Mode#OPEN}: calls start at a constant arrival rate whatever the
 * responses do (slow answers cannot slow the generator down, so queueing shows). {@link Mode#CLOSED}:
 * {@code concurrency} workers each start a call as soon as their previous one ended. Calls that
 * start during {@code warmup} are made but not counted; measurement lasts {@code duration} after it.
 */
public record LoadShape(Mode mode, double ratePerSecond, int concurrency, Duration warmup, Duration duration) {

    /** Open or closed loop. */
    public enum Mode { OPEN, CLOSED }

    public LoadShape {
        if (mode == null) {
            throw new IllegalArgumentException("mode must be open or closed, but was null");
        }
        if (mode == Mode.OPEN && !(ratePerSecond > 0)) {
            throw new IllegalArgumentException("an open-loop rate must be > 0 calls/s, but was " + ratePerSecond);
        }
        if (mode == Mode.CLOSED && concurrency < 1) {
            throw new IllegalArgumentException("closed-loop concurrency must be >= 1, but was " + concurrency);
        }
        if (warmup == null || warmup.isNegative()) {
            throw new IllegalArgumentException("warm-up must be >= 0, but was " + warmup);
        }
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("duration must be > 0, but was " + duration);
        }
    }

    public static LoadShape open(double ratePerSecond, Duration warmup, Duration duration) {
        return new LoadShape(Mode.OPEN, ratePerSecond, 0, warmup, duration);
    }

    public static LoadShape closed(int concurrency, Duration warmup, Duration duration) {
        return new LoadShape(Mode.CLOSED, 0, concurrency, warmup, duration);
    }

    /** A short description, e.g. {@code open 500/s} or {@code closed c=16}. */
    public String describe() {
        return mode == Mode.OPEN ? String.format(java.util.Locale.ROOT, "open %.0f/s", ratePerSecond) : "closed c=" + concurrency;
    }
}
