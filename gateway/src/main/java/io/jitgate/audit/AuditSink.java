package io.jitgate.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Where attribution records go. {@link #append} completes only when the record is durable; the
 * pipeline answers the agent after that, never before.
 */
public interface AuditSink extends AutoCloseable {
    Future<Void> append(JsonObject record);

    /** False once a write has failed: calls must then stop reaching AWS (fail closed). */
    boolean healthy();

    /**
     * What health and metrics show: whether the sink works, why not, how many records were written
     * and refused since start, and how many durable commits (fsyncs, transactions) covered them and
     * the time those took.
     */
    record Status(boolean healthy, String failure, long written, long failed, long commits, long commitNanos) {
        public Status(boolean healthy, String failure, long written, long failed) {
            this(healthy, failure, written, failed, 0, 0);
        }

        public JsonObject toJson() {
            return new JsonObject().put("status", healthy ? "ok" : "failed").put("failure", failure)
                    .put("recordsWritten", written).put("recordsFailed", failed)
                    .put("commits", commits).put("recordsPerCommit", commits == 0 ? 0.0 : (double) written / commits)
                    .put("meanCommitMs", commits == 0 ? 0.0 : commitNanos / 1e6 / commits);
        }
    }

    default Status status() {
        return new Status(healthy(), healthy() ? null : "unhealthy", 0, 0);
    }

    @Override
    void close();
}
