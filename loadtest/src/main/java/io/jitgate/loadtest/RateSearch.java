package io.jitgate.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The search for one server's highest sustainable open-loop arrival rate at a p99 bound. Knows
 * nothing of networks or clocks: it proposes a rate ({@link #next}), is told what a run at that
 * rate gave ({@link #record}), and proposes the next, until the bounds are close enough.
 *
 * <p>A trial <b>passes</b> when it had no errors, its p99 (corrected for coordinated omission) is at
 * or below the bound, and the server completed at least {@code minAchieved} of the offered rate.
 * From {@code startRate} the search multiplies the rate by {@code growth} while trials pass (up to
 * {@code maxRate}) or divides it while they fail (down to {@code minRate}); once it has a passing
 * and a failing rate, it bisects between them (geometric mean) until failing / passing is at most
 * {@code 1 + resolution}, or {@code maxSteps} trials were made. The result is the highest passing
 * rate; a server that fails at {@code minRate} has none ({@link Result#sustained} false).
 *
 * <p>Bisection assumes a pass below a fail; a noisy trial moves the bounds for good, so the
 * caller repeats whole searches and reports their median.
 */
final class RateSearch {
    /** Why a trial failed (or {@link #PASSED}). */
    enum Verdict { PASSED, ERRORS, P99_ABOVE_BOUND, RATE_NOT_REACHED }

    /** One run at an offered rate: what it achieved, its corrected p99, its errors. */
    record Trial(double offeredRate, double achievedRate, double p99Ms, long errors, Verdict verdict) {
    }

    /** Where a search ended: the highest passing trial (null when none) and the lowest failing one. */
    record Result(Trial highestPassed, Trial lowestFailed, List<Trial> trials, String stop) {
        boolean sustained() {
            return highestPassed != null;
        }

        /** The highest sustainable offered rate, 0 when even the lowest rate failed. */
        double maxRate() {
            return highestPassed == null ? 0 : highestPassed.offeredRate();
        }
    }

    /** The search's settings; see the class comment. */
    record Settings(double p99BoundMs, double startRate, double minRate, double maxRate, double growth, double resolution,
                    double minAchieved, int maxSteps) {
        Settings {
            if (!(p99BoundMs > 0)) {
                throw new IllegalArgumentException("the p99 bound must be > 0 ms, but was " + p99BoundMs);
            }
            if (!(minRate > 0) || !(maxRate >= minRate) || !(startRate >= minRate) || !(startRate <= maxRate)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "rates must satisfy 0 < min <= start <= max, but were min %s, start %s, max %s", minRate, startRate, maxRate));
            }
            if (!(growth > 1)) {
                throw new IllegalArgumentException("the growth factor must be > 1, but was " + growth);
            }
            if (!(resolution > 0)) {
                throw new IllegalArgumentException("the resolution must be > 0 (e.g. 0.05 for 5%), but was " + resolution);
            }
            if (!(minAchieved > 0 && minAchieved <= 1)) {
                throw new IllegalArgumentException("the achieved share must be in (0, 1], but was " + minAchieved);
            }
            if (maxSteps < 1) {
                throw new IllegalArgumentException("at least one step is needed, but maxSteps was " + maxSteps);
            }
        }
    }

    private final Settings settings;
    private final List<Trial> trials = new ArrayList<>();
    private Trial passed;
    private Trial failed;
    private String stop;

    RateSearch(Settings settings) {
        this.settings = settings;
    }

    /** Judges a run at {@code offeredRate} against the settings. */
    Verdict judge(double offeredRate, double achievedRate, double p99Ms, long errors) {
        if (errors > 0) {
            return Verdict.ERRORS;
        }
        if (!(p99Ms <= settings.p99BoundMs())) { // NaN (nothing completed) fails too
            return Verdict.P99_ABOVE_BOUND;
        }
        return achievedRate >= settings.minAchieved() * offeredRate ? Verdict.PASSED : Verdict.RATE_NOT_REACHED;
    }

    /** The rate to try next, or empty when the search has ended (see {@link #result}). */
    OptionalDouble next() {
        if (stop != null) {
            return OptionalDouble.empty();
        }
        if (trials.size() >= settings.maxSteps()) {
            return end("step limit (" + settings.maxSteps() + ") reached");
        }
        if (passed == null && failed == null) {
            return OptionalDouble.of(settings.startRate());
        }
        if (failed == null) {
            if (passed.offeredRate() >= settings.maxRate()) {
                return end("passed at the highest rate allowed (" + fmt(settings.maxRate()) + "/s)");
            }
            return OptionalDouble.of(Math.min(settings.maxRate(), passed.offeredRate() * settings.growth()));
        }
        if (passed == null) {
            if (failed.offeredRate() <= settings.minRate()) {
                return end("failed at the lowest rate allowed (" + fmt(settings.minRate()) + "/s)");
            }
            return OptionalDouble.of(Math.max(settings.minRate(), failed.offeredRate() / settings.growth()));
        }
        if (failed.offeredRate() <= passed.offeredRate() * (1 + settings.resolution())) {
            return end(String.format(Locale.ROOT, "bounds within %.0f%%", settings.resolution() * 100));
        }
        return OptionalDouble.of(Math.sqrt(passed.offeredRate() * failed.offeredRate()));
    }

    /** Records the outcome of a run at {@code offeredRate} (normally the last {@link #next} rate). */
    Trial record(double offeredRate, double achievedRate, double p99Ms, long errors) {
        if (stop != null) {
            throw new IllegalStateException("the search has ended (" + stop + "); no more trials");
        }
        if (!(offeredRate > 0)) {
            throw new IllegalArgumentException("an offered rate must be > 0 calls/s, but was " + offeredRate);
        }
        Verdict verdict = judge(offeredRate, achievedRate, p99Ms, errors);
        Trial trial = new Trial(offeredRate, achievedRate, p99Ms, errors, verdict);
        trials.add(trial);
        if (verdict == Verdict.PASSED) {
            if (passed == null || offeredRate > passed.offeredRate()) {
                passed = trial;
            }
        } else if (failed == null || offeredRate < failed.offeredRate()) {
            failed = trial;
        }
        if (passed != null && failed != null && failed.offeredRate() <= passed.offeredRate()) {
            // noise: a failure at or below a rate that passed ends the search at the last pass below it
            stop = "failed at " + fmt(failed.offeredRate()) + "/s after passing at " + fmt(passed.offeredRate()) + "/s";
            passed = trials.stream().filter(t -> t.verdict() == Verdict.PASSED && t.offeredRate() < failed.offeredRate())
                    .max((a, b) -> Double.compare(a.offeredRate(), b.offeredRate())).orElse(null);
        }
        return trial;
    }

    boolean done() {
        return next().isEmpty();
    }

    Result result() {
        return new Result(passed, failed, List.copyOf(trials), stop == null ? "not finished" : stop);
    }

    private OptionalDouble end(String why) {
        stop = why;
        return OptionalDouble.empty();
    }

    private static String fmt(double rate) {
        return String.format(Locale.ROOT, "%.0f", rate);
    }
}
