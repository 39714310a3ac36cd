package io.jitgate.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncGuardsTest {
    static final ResilienceSettings SETTINGS = new ResilienceSettings(new ResilienceSettings.Breaker(100, 2, 2, Duration.ofMinutes(1), 1),
            new ResilienceSettings.Retry(3, Duration.ofMillis(1), 2, 0.5), ResilienceSettings.DEFAULTS.perAgent(),
            ResilienceSettings.DEFAULTS.perTool(), 4, Map.of());
    final Vertx vertx = Vertx.vertx();
    final Guards guards = new Guards(SETTINGS, t -> t instanceof IllegalStateException, t -> t instanceof IllegalStateException);

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void retriesOnlyRetryableFailuresUpToMaxAttempts() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger lastAttempt = new AtomicInteger();
        Future<String> retried = AsyncGuards.retry(vertx, guards.retry("t", t -> t instanceof IllegalStateException),
                () -> { calls.incrementAndGet(); return Future.failedFuture(new IllegalStateException("throttled")); }, lastAttempt::set);
        assertThat(retried.toCompletionStage().toCompletableFuture().handle((v, e) -> e).get(5, TimeUnit.SECONDS))
                .hasMessageContaining("throttled");
        assertThat(calls).hasValue(3);
        assertThat(lastAttempt).hasValue(3);

        calls.set(0);
        Future<String> notRetried = AsyncGuards.retry(vertx, guards.retry("u", t -> t instanceof IllegalStateException),
                () -> { calls.incrementAndGet(); return Future.failedFuture(new IllegalArgumentException("denied")); }, n -> { });
        notRetried.toCompletionStage().toCompletableFuture().handle((v, e) -> e).get(5, TimeUnit.SECONDS);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aBreakerOpensOnOutagesOnlyAndThenRefusesWithoutCalling() throws Exception {
        CircuitBreaker breaker = guards.aws("s3");
        AtomicInteger calls = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            AsyncGuards.circuit(breaker, () -> { calls.incrementAndGet(); return Future.failedFuture(new IllegalArgumentException("403")); });
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        for (int i = 0; i < 2; i++) {
            AsyncGuards.circuit(breaker, () -> { calls.incrementAndGet(); return Future.failedFuture(new IllegalStateException("5xx")); });
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        Future<Object> refused = AsyncGuards.circuit(breaker, () -> { calls.incrementAndGet(); return Future.succeededFuture(); });
        assertThat(refused.cause()).isInstanceOf(CallNotPermittedException.class);
        assertThat(calls).hasValue(6);
        assertThat(guards.circuitStates().getString("aws_s3")).isEqualTo("open");
    }
}
