package io.jitgate.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The group-commit half of a durable sink: items handed in by any thread are taken by one writer
 * thread, in batches of whatever has arrived meanwhile (at most {@code maxBatch}), and passed to the
 * sink's batch writer, which makes each batch durable at once (one fsync, or one transaction).
 */
final class GroupCommitQueue<T> {
    private final BlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final int maxBatch;
    private final Consumer<List<T>> writeBatch;
    private final Thread writer;
    private volatile boolean closing;

    GroupCommitQueue(String threadName, int maxBatch, Consumer<List<T>> writeBatch) {
        this.maxBatch = maxBatch;
        this.writeBatch = writeBatch;
        this.writer = new Thread(this::loop, threadName);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    void add(T item) {
        queue.add(item);
    }

    /** True once {@link #close} began: nothing more should be added. */
    boolean closing() {
        return closing;
    }

    /** Stops taking new work, lets the writer finish what is queued, and waits for it up to {@code timeout}. */
    void close(Duration timeout) throws InterruptedException {
        closing = true;
        writer.join(timeout.toMillis());
    }

    private void loop() {
        List<T> batch = new ArrayList<>();
        while (!(closing && queue.isEmpty())) {
            try {
                T first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                writeBatch.accept(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }
}
