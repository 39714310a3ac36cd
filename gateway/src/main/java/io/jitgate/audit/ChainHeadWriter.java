package io.jitgate.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a log's {@link ChainHead} file current on a thread of its own: the log's writer publishes the
 * head after each group commit, and this thread overwrites the head file in place with the latest
 * one and fsyncs it, at most once per {@link #MIN_INTERVAL}. Being off the writer's path, the head
 * costs the agents' calls no wait; it lags the log by at most the commits of that interval and of its
 * own fsync (a cut of fewer records from the end goes unnoticed, as before). Overwriting one fixed-size block in
 * place changes no file metadata, so its fsync is a data flush, not a journal commit.
 */
final class ChainHeadWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChainHeadWriter.class);
    /** The least time between two head writes; the head lags the log by at most this plus one fsync. */
    static final java.time.Duration MIN_INTERVAL = java.time.Duration.ofMillis(20);

    private final Path file;
    private final FileChannel channel;
    private final Consumer<IOException> onFailure;
    private final AtomicReference<ChainHead> latest = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean closing;
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();

    /** Opens (or creates) the head file of {@code active}, writes {@code initial} durably, and starts the thread. */
    ChainHeadWriter(Path active, ChainHead initial, Consumer<IOException> onFailure) throws IOException {
        this.file = ChainHead.pathFor(active);
        this.onFailure = onFailure;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        write(initial, true);
        this.thread = new Thread(this::loop, "jitgate-audit-head");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Hands over the newest head; an older one not yet written is skipped. */
    void publish(ChainHead head) {
        latest.set(head);
        LockSupport.unpark(thread);
    }

    private void loop() {
        while (!closing) {
            ChainHead head = latest.getAndSet(null);
            if (head == null) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            try {
                write(head, false);
            } catch (IOException e) {
                LOG.error("head file {} could not be written: {}", file, e.toString());
                onFailure.accept(e);
                return;
            }
            // Heads published meanwhile collapse into the newest: at most one head fsync per interval,
            // so under load the head costs the disk a few flushes a second, not one per commit.
            long until = System.nanoTime() + MIN_INTERVAL.toNanos();
            for (long left = MIN_INTERVAL.toNanos(); left > 0 && !closing; left = until - System.nanoTime()) {
                LockSupport.parkNanos(this, left); // a publish unparks early; only closing ends the wait
            }
        }
    }

    /** How many times the head file was written (and forced) so far. */
    long writes() {
        return writes.get();
    }

    private void write(ChainHead head, boolean metadata) throws IOException {
        writes.incrementAndGet();
        ByteBuffer bytes = ByteBuffer.wrap(head.encode());
        long position = 0;
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
        channel.force(metadata);
    }

    /** Stops the thread and writes the newest head, if one is still pending, durably. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            ChainHead last = latest.getAndSet(null);
            if (last != null) {
                write(last, true);
            }
            channel.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("closing head file {}: {}", file, e.toString());
        }
    }
}
