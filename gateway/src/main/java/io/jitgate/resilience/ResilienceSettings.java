package io.jitgate.resilience;

import java.time.Duration;
import java.util.Map;

/**
 * The gateway's resilience settings, checked on construction (each message names the bad value).
 *
 * @param circuitBreaker  one breaker per dependency: Vault, and each AWS service
 * @param retry           retries of idempotent tools, on throttling and 5xx only
 * @param perAgent        calls one agent may make per period, all tools together
 * @param perTool         calls one tool may serve per period, all agents together (default for every tool)
 * @param maxConcurrent   AWS calls one tool may have in flight (default bulkhead for every tool)
 * @param tools           per-tool overrides, by tool name
 */
public record ResilienceSettings(Breaker circuitBreaker, Retry retry, Limit perAgent, Limit perTool, int maxConcurrent,
        Map<String, ToolOverride> tools) {

    public static final ResilienceSettings DEFAULTS = new ResilienceSettings(Breaker.DEFAULT, Retry.DEFAULT,
            new Limit(50, Duration.ofSeconds(1)), new Limit(200, Duration.ofSeconds(1)), 64, Map.of());

    public ResilienceSettings {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("resilience.maxConcurrent must be >= 1, but was " + maxConcurrent);
        }
        tools = Map.copyOf(tools);
    }

    /** The override of {@code tool}, or one that changes nothing. */
    public ToolOverride forTool(String tool) {
        return tools.getOrDefault(tool, ToolOverride.NONE);
    }

    /**
     * @param failureRateThreshold percentage of failed calls (1-100) that opens the breaker
     * @param minimumCalls         calls in the window before the rate counts
     * @param slidingWindowSize    calls in the count-based window
     * @param waitInOpen           how long it stays open before letting probe calls through
     * @param probeCalls           calls allowed while half-open
     */
    public record Breaker(float failureRateThreshold, int minimumCalls, int slidingWindowSize, Duration waitInOpen, int probeCalls) {
        public static final Breaker DEFAULT = new Breaker(50, 5, 20, Duration.ofSeconds(5), 2);

        public Breaker {
            if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
                throw new IllegalArgumentException("resilience.circuitBreaker.failureRateThreshold must be in (0, 100], but was " + failureRateThreshold);
            }
            if (minimumCalls < 1) {
                throw new IllegalArgumentException("resilience.circuitBreaker.minimumCalls must be >= 1, but was " + minimumCalls);
            }
            if (slidingWindowSize < minimumCalls) {
                throw new IllegalArgumentException("resilience.circuitBreaker.slidingWindowSize must be >= minimumCalls ("
                        + minimumCalls + "), but was " + slidingWindowSize);
            }
            positive("resilience.circuitBreaker.waitInOpen", waitInOpen);
            if (probeCalls < 1) {
                throw new IllegalArgumentException("resilience.circuitBreaker.probeCalls must be >= 1, but was " + probeCalls);
            }
        }
    }

    /**
     * @param maxAttempts    attempts in all (1 = no retry)
     * @param initialBackoff the wait before the first retry
     * @param multiplier     growth of the wait per retry (>= 1)
     * @param jitter         randomization factor of each wait, in [0, 1)
     */
    public record Retry(int maxAttempts, Duration initialBackoff, double multiplier, double jitter) {
        public static final Retry DEFAULT = new Retry(3, Duration.ofMillis(100), 2.0, 0.5);

        public Retry {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("resilience.retry.maxAttempts must be >= 1, but was " + maxAttempts);
            }
            positive("resilience.retry.initialBackoff", initialBackoff);
            if (multiplier < 1) {
                throw new IllegalArgumentException("resilience.retry.multiplier must be >= 1, but was " + multiplier);
            }
            if (jitter < 0 || jitter >= 1) {
                throw new IllegalArgumentException("resilience.retry.jitter must be in [0, 1), but was " + jitter);
            }
        }
    }

    /** {@code limit} calls per {@code period}. */
    public record Limit(int limit, Duration period) {
        public Limit {
            if (limit < 1) {
                throw new IllegalArgumentException("rate limit must be >= 1 call per period, but was " + limit);
            }
            positive("rate limit period", period);
        }
    }

    /**
     * What one tool changes; null fields keep the defaults.
     *
     * @param timeout       how long one AWS attempt may take (default: aws.callTimeout)
     * @param maxConcurrent the tool's bulkhead
     * @param rateLimit     the tool's rate limit
     */
    public record ToolOverride(Duration timeout, Integer maxConcurrent, Limit rateLimit) {
        public static final ToolOverride NONE = new ToolOverride(null, null, null);

        public ToolOverride {
            if (timeout != null) {
                positive("resilience.tools.*.timeout", timeout);
            }
            if (maxConcurrent != null && maxConcurrent < 1) {
                throw new IllegalArgumentException("resilience.tools.*.maxConcurrent must be >= 1, but was " + maxConcurrent);
            }
        }
    }

    static void positive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be > 0, but was " + d);
        }
    }
}
