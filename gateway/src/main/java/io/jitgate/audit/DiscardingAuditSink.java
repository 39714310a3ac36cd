package io.jitgate.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Encodes each record (as the file log does) and throws it away. Only for measuring what durable
 * audit costs ({@code loadtest/}, {@code jitgate serve --benchmark-discard-audit}); never for real use.
 */
public final class DiscardingAuditSink implements AuditSink {
    private final AtomicLong count = new AtomicLong();

    @Override
    public Future<Void> append(JsonObject record) {
        record.encode();
        count.incrementAndGet();
        return Future.succeededFuture();
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public Status status() {
        return new Status(true, "discarding (benchmark only)", count.get(), 0);
    }

    @Override
    public void close() {
        // nothing kept
    }
}
