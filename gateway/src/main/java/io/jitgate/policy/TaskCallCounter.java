package io.jitgate.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many calls each agent has made in each task, the history policies see as
 * {@code context.taskCalls}. Memory is bounded: a task's count is forgotten {@code idle} after its
 * last call, and at most {@code maxTasks} (agent, task) pairs are kept (the least recently used go
 * first). A forgotten task starts again from 0, so a limit on calls per task holds within one
 * {@code idle} window of activity (the gateway uses {@link #DEFAULT_IDLE} and {@link #DEFAULT_MAX_TASKS}).
 */
public final class TaskCallCounter {
    /** The defaults: forget a task after an hour without calls, keep at most 100,000 tasks. */
    public static final Duration DEFAULT_IDLE = Duration.ofHours(1);
    public static final long DEFAULT_MAX_TASKS = 100_000;

    private final Cache<Key, AtomicLong> counts;

    public TaskCallCounter(Duration idle, long maxTasks) {
        this(idle, maxTasks, Ticker.systemTicker());
    }

    TaskCallCounter(Duration idle, long maxTasks, Ticker ticker) {
        if (idle == null || idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("the task history window must be > 0, but was " + idle);
        }
        if (maxTasks < 1) {
            throw new IllegalArgumentException("the task history size must be >= 1, but was " + maxTasks);
        }
        this.counts = Caffeine.newBuilder().expireAfterAccess(idle).maximumSize(maxTasks).ticker(ticker).build();
    }

    /**
     * Counts one more call of {@code agent} in {@code taskId} and returns how many it made before
     * this one; null when the call names no task (then there is no history to count).
     */
    public Long countCall(String agent, String taskId) {
        if (taskId == null || agent == null) {
            return null;
        }
        return counts.get(new Key(agent, taskId), k -> new AtomicLong()).getAndIncrement();
    }

    /** How many (agent, task) pairs are remembered now (approximate, for tests and metrics). */
    public long tracked() {
        counts.cleanUp();
        return counts.estimatedSize();
    }

    private record Key(String agent, String taskId) {
    }
}
