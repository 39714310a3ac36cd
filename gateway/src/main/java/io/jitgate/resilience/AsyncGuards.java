package io.jitgate.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Resilience4j's primitives applied to Vert.x futures, without blocking and without leaving the
 * caller's context: a breaker decides before the call and learns its result after; a retry waits
 * with a Vert.x timer.
 */
public final class AsyncGuards {
    private AsyncGuards() {
    }

    /** Runs {@code call} if {@code breaker} permits it; fails with {@link CallNotPermittedException} otherwise. */
    public static <T> Future<T> circuit(CircuitBreaker breaker, Supplier<Future<T>> call) {
        if (!breaker.tryAcquirePermission()) {
            return Future.failedFuture(CallNotPermittedException.createCallNotPermittedException(breaker));
        }
        long start = breaker.getCurrentTimestamp();
        Future<T> result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        return result.andThen(ar -> {
            long took = breaker.getCurrentTimestamp() - start;
            if (ar.succeeded()) {
                breaker.onSuccess(took, breaker.getTimestampUnit());
            } else {
                breaker.onError(took, breaker.getTimestampUnit(), ar.cause());
            }
        });
    }

    /**
     * Runs {@code call}, and again after the retry's backoff while it fails with a retryable error and
     * attempts remain. {@code attempt} learns the number of each attempt (1, 2, ...).
     */
    public static <T> Future<T> retry(Vertx vertx, Retry retry, Supplier<Future<T>> call, IntConsumer attempt) {
        Retry.AsyncContext<T> context = retry.asyncContext();
        Promise<T> promise = Promise.promise();
        attempt(vertx, context, call, attempt, 1, promise);
        return promise.future();
    }

    private static <T> void attempt(Vertx vertx, Retry.AsyncContext<T> context, Supplier<Future<T>> call, IntConsumer attempt,
            int number, Promise<T> promise) {
        attempt.accept(number);
        Future<T> result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                context.onComplete();
                promise.complete(ar.result());
                return;
            }
            long delay = ar.cause() instanceof CallNotPermittedException ? -1 : context.onError(ar.cause());
            if (delay < 0) {
                promise.fail(ar.cause());
            } else {
                vertx.setTimer(Math.max(1, TimeUnit.MILLISECONDS.toMillis(delay)), id ->
                        attempt(vertx, context, call, attempt, number + 1, promise));
            }
        });
    }
}
