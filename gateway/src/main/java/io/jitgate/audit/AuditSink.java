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

    @Override
    void close();
}
