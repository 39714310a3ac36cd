package io.jitgate.loadtest.gen;

import io.vertx.core.Future;

/**
 * What one call is, for the {@link LoadGenerator}. Called on the generator's Vert.x context; the
 * returned future must complete on it too (a Vert.x client created for that context does). A failed
 * future counts as an error; its message is kept as a sample.
 */
@FunctionalInterface
public interface Workload {
    /** Starts call number {@code n} (0, 1, 2, ...) and completes when its answer is in. */
    Future<?> call(long n);
}
