package io.jitgate.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The rate search against fake servers: latency models that give a p99, an achieved rate and
 * errors for an offered rate. No network, no clock.
 */
class RateSearchTest {
    /** A fake server: what a run at an offered rate gives. */
    private interface Model {
        double p99Ms(double rate);

        default double achieved(double rate) {
            return rate;
        }

        default long errors(double rate) {
            return 0;
        }
    }

    /** An M/M/1-like queue: p99 grows without bound as the rate nears the capacity. */
    private static Model queue(double capacity, double serviceMs) {
        return rate -> rate >= capacity ? 10_000 : serviceMs * 4.6 / (1 - rate / capacity); // ln(100) ~ 4.6
    }

    private static RateSearch.Settings settings(double boundMs) {
        return new RateSearch.Settings(boundMs, 200, 10, 100_000, 2, 0.05, 0.95, 30);
    }

    private static RateSearch.Result run(RateSearch search, Model model) {
        for (OptionalDouble rate = search.next(); rate.isPresent(); rate = search.next()) {
            double r = rate.getAsDouble();
            search.record(r, model.achieved(r), model.p99Ms(r), model.errors(r));
        }
        return search.result();
    }

    @Test
    void convergesOnTheHighestRateWhoseP99StaysWithinTheBound() {
        // capacity 3,000/s, 1 ms service: p99 = 4.6 / (1 - r/3000) ms <= 20 ms  <=>  r <= 2,310/s
        double exact = 3000 * (1 - 4.6 / 20);
        RateSearch.Result result = run(new RateSearch(settings(20)), queue(3000, 1));

        assertThat(result.sustained()).isTrue();
        assertThat(result.maxRate()).isLessThanOrEqualTo(exact).isGreaterThan(exact / 1.05);
        assertThat(result.highestPassed().p99Ms()).isLessThanOrEqualTo(20);
        assertThat(result.lowestFailed().verdict()).isEqualTo(RateSearch.Verdict.P99_ABOVE_BOUND);
        assertThat(result.lowestFailed().offeredRate()).isLessThanOrEqualTo(result.maxRate() * 1.05);
        assertThat(result.stop()).contains("bounds within 5%");
        // ramp 200, 400, ..., 3,200 (fails), then a handful of bisection steps
        assertThat(result.trials()).hasSizeBetween(6, 12);
    }

    @Test
    void aLooserBoundGivesAHigherRateOnTheSameServer() {
        RateSearch.Result tight = run(new RateSearch(settings(20)), queue(3000, 1));
        RateSearch.Result loose = run(new RateSearch(settings(50)), queue(3000, 1));

        assertThat(loose.maxRate()).isGreaterThan(tight.maxRate());
        assertThat(loose.maxRate()).isLessThanOrEqualTo(3000 * (1 - 4.6 / 50));
    }

    @Test
    void anyErrorFailsATrialEvenWithALowP99() {
        // fast, but from 1,000/s on it drops calls (a limiter answering errors quickly)
        Model limited = new Model() {
            @Override
            public double p99Ms(double rate) {
                return 1;
            }

            @Override
            public long errors(double rate) {
                return rate >= 1000 ? 3 : 0;
            }
        };
        RateSearch.Result result = run(new RateSearch(settings(20)), limited);

        assertThat(result.maxRate()).isLessThan(1000).isGreaterThan(1000 / 1.05);
        assertThat(result.lowestFailed().verdict()).isEqualTo(RateSearch.Verdict.ERRORS);
        assertThat(result.trials()).noneMatch(t -> t.errors() > 0 && t.verdict() == RateSearch.Verdict.PASSED);
        // after the first error the search never offers that much again
        double firstErrorRate = result.trials().stream().filter(t -> t.errors() > 0).findFirst().orElseThrow().offeredRate();
        int firstError = result.trials().indexOf(result.trials().stream().filter(t -> t.errors() > 0).findFirst().orElseThrow());
        assertThat(result.trials().subList(firstError + 1, result.trials().size())).allMatch(t -> t.offeredRate() < firstErrorRate);
    }

    @Test
    void aServerThatFallsShortOfTheOfferedRateFailsEvenWithALowP99() {
        // completes at most 700/s and answers what it completes quickly (e.g. it sheds late calls silently)
        Model capped = new Model() {
            @Override
            public double p99Ms(double rate) {
                return 2;
            }

            @Override
            public double achieved(double rate) {
                return Math.min(rate, 700);
            }
        };
        RateSearch.Result result = run(new RateSearch(settings(20)), capped);

        assertThat(result.maxRate()).isLessThanOrEqualTo(700 / 0.95).isGreaterThan(700 / 0.95 / 1.05);
        assertThat(result.lowestFailed().verdict()).isEqualTo(RateSearch.Verdict.RATE_NOT_REACHED);
    }

    @Test
    void aServerThatFailsAtTheLowestRateHasNoSustainableRate() {
        RateSearch.Result result = run(new RateSearch(settings(20)), queue(5, 100)); // 5 calls/s, 100 ms each

        assertThat(result.sustained()).isFalse();
        assertThat(result.maxRate()).isZero();
        assertThat(result.highestPassed()).isNull();
        assertThat(result.lowestFailed().offeredRate()).isEqualTo(10);
        assertThat(result.stop()).contains("lowest rate allowed (10/s)");
        // 200, 100, 50, 25, 12.5, then the floor of 10: no rate below the minimum is tried
        assertThat(result.trials()).extracting(RateSearch.Trial::offeredRate).containsExactly(200.0, 100.0, 50.0, 25.0, 12.5, 10.0);
    }

    @Test
    void aServerFasterThanTheCeilingStopsAtTheCeiling() {
        RateSearch search = new RateSearch(new RateSearch.Settings(20, 200, 10, 1000, 2, 0.05, 0.95, 30));
        RateSearch.Result result = run(search, rate -> 1);

        assertThat(result.maxRate()).isEqualTo(1000);
        assertThat(result.lowestFailed()).isNull();
        assertThat(result.stop()).contains("highest rate allowed");
        assertThat(result.trials()).extracting(RateSearch.Trial::offeredRate).containsExactly(200.0, 400.0, 800.0, 1000.0);
    }

    @Test
    void theStepLimitEndsTheSearchWithTheBoundsReachedSoFar() {
        RateSearch search = new RateSearch(new RateSearch.Settings(20, 200, 10, 100_000, 2, 0.05, 0.95, 3));
        RateSearch.Result result = run(search, queue(3000, 1));

        assertThat(result.trials()).hasSize(3);
        assertThat(result.maxRate()).isEqualTo(800);
        assertThat(result.stop()).contains("step limit (3)");
    }

    @Test
    void aFailureBelowAPassingRateEndsTheSearchAtThePassBelowIt() {
        RateSearch search = new RateSearch(settings(20));
        search.record(200, 200, 5, 0);
        search.record(400, 400, 5, 0);
        search.record(300, 300, 80, 0); // noise: worse at a lower rate

        RateSearch.Result result = search.result();
        assertThat(search.next()).isEmpty();
        assertThat(result.maxRate()).isEqualTo(200);
        assertThat(result.stop()).contains("failed at 300/s after passing at 400/s");
        assertThatThrownBy(() -> search.record(250, 250, 5, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nothingCompletedIsAFailure() {
        RateSearch search = new RateSearch(settings(20));
        assertThat(search.record(200, 0, Double.NaN, 0).verdict()).isEqualTo(RateSearch.Verdict.P99_ABOVE_BOUND);
    }

    @Test
    void badSettingsAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> new RateSearch.Settings(0, 200, 10, 1000, 2, 0.05, 0.95, 30)).hasMessageContaining("p99 bound");
        assertThatThrownBy(() -> new RateSearch.Settings(20, 5, 10, 1000, 2, 0.05, 0.95, 30)).hasMessageContaining("min <= start <= max");
        assertThatThrownBy(() -> new RateSearch.Settings(20, 200, 10, 1000, 1, 0.05, 0.95, 30)).hasMessageContaining("growth");
        assertThatThrownBy(() -> new RateSearch.Settings(20, 200, 10, 1000, 2, 0, 0.95, 30)).hasMessageContaining("resolution");
        assertThatThrownBy(() -> new RateSearch.Settings(20, 200, 10, 1000, 2, 0.05, 1.5, 30)).hasMessageContaining("achieved share");
        assertThatThrownBy(() -> new RateSearch.Settings(20, 200, 10, 1000, 2, 0.05, 0.95, 0)).hasMessageContaining("maxSteps");
        assertThatThrownBy(() -> new RateSearch(settings(20)).record(0, 0, 1, 0)).hasMessageContaining("offered rate");
    }
}
