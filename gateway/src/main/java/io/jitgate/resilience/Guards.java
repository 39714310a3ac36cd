package io.jitgate.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Every Resilience4j instance of the gateway, created from {@link ResilienceSettings} and named so
 * that metrics, health and the attribution record use the same names: the breakers {@code vault} and
 * {@code aws_<service>}, one retry, bulkhead and rate limiter per tool ({@code tool:<name>}) and one
 * rate limiter per agent ({@code agent:<id>}).
 */
public final class Guards {
    public static final String VAULT = "vault";

    private final ResilienceSettings settings;
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    private final RetryRegistry retries = RetryRegistry.ofDefaults();
    private final RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();
    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    private final CircuitBreakerConfig vaultBreaker;
    private final CircuitBreakerConfig awsBreaker;

    /**
     * @param vaultFailure which Vault errors count against the breaker (no answer, 5xx; not a 4xx refusal)
     * @param awsFailure   which AWS errors count against a service's breaker (no answer, throttling, 5xx)
     */
    public Guards(ResilienceSettings settings, Predicate<Throwable> vaultFailure, Predicate<Throwable> awsFailure) {
        this.settings = settings;
        this.vaultBreaker = breakerConfig(settings.circuitBreaker(), vaultFailure);
        this.awsBreaker = breakerConfig(settings.circuitBreaker(), awsFailure);
    }

    private static CircuitBreakerConfig breakerConfig(ResilienceSettings.Breaker b, Predicate<Throwable> failure) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(b.slidingWindowSize())
                .minimumNumberOfCalls(b.minimumCalls())
                .failureRateThreshold(b.failureRateThreshold())
                .waitDurationInOpenState(b.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(b.probeCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(failure::test)
                .build();
    }

    public ResilienceSettings settings() {
        return settings;
    }

    public CircuitBreaker vault() {
        return breakers.circuitBreaker(VAULT, vaultBreaker);
    }

    public CircuitBreaker aws(String service) {
        return breakers.circuitBreaker("aws_" + service, awsBreaker);
    }

    /** The retry of an idempotent tool; {@code retryable} picks throttling and 5xx. */
    public Retry retry(String tool, Predicate<Throwable> retryable) {
        ResilienceSettings.Retry r = settings.retry();
        return retries.retry("tool:" + tool, () -> RetryConfig.custom()
                .maxAttempts(r.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(r.initialBackoff(), r.multiplier(), r.jitter()))
                .retryOnException(retryable::test)
                .build());
    }

    public RateLimiter agentLimiter(String agentId) {
        return limiter("agent:" + agentId, settings.perAgent());
    }

    public RateLimiter toolLimiter(String tool) {
        ResilienceSettings.Limit limit = settings.forTool(tool).rateLimit();
        return limiter("tool:" + tool, limit == null ? settings.perTool() : limit);
    }

    private RateLimiter limiter(String name, ResilienceSettings.Limit limit) {
        return limiters.rateLimiter(name, () -> RateLimiterConfig.custom()
                .limitForPeriod(limit.limit())
                .limitRefreshPeriod(limit.period())
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    public Bulkhead bulkhead(String tool) {
        Integer max = settings.forTool(tool).maxConcurrent();
        return bulkheads.bulkhead("tool:" + tool, () -> BulkheadConfig.custom()
                .maxConcurrentCalls(max == null ? settings.maxConcurrent() : max)
                .maxWaitDuration(Duration.ZERO)
                .build());
    }

    /** The state of every breaker, by name (for {@code /healthz}). */
    public JsonObject circuitStates() {
        JsonObject states = new JsonObject();
        breakers.getAllCircuitBreakers().forEach(cb -> states.put(cb.getName(), stateWord(cb)));
        return states;
    }

    /** A breaker's state as a snake_case word: closed, open, half_open, ... */
    public static String stateWord(CircuitBreaker cb) {
        return cb.getState().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Publishes breaker states, retries, rate limiters and bulkheads, including those created later. */
    public void bindTo(MeterRegistry registry) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);
        TaggedRateLimiterMetrics.ofRateLimiterRegistry(limiters).bindTo(registry);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(registry);
    }
}
