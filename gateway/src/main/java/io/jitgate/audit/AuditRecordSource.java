package io.jitgate.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/**
 * Where audit queries read records from: the file log's rotated set, or the PostgreSQL table. Both
 * apply the same {@link AuditFilter}, so {@code jitgate audit query} and the admin API answer alike
 * whichever sink the gateway writes to.
 */
public interface AuditRecordSource extends AutoCloseable {
    /** The records matching {@code filter}, oldest first (per instance for PostgreSQL), at most {@code limit}. */
    Future<List<JsonObject>> find(AuditFilter filter, int limit);

    @Override
    default void close() {
    }

    /** The rotated set whose active file is {@code active}, read on a worker thread. */
    static AuditRecordSource files(Vertx vertx, Path active) {
        return (filter, limit) -> vertx.executeBlocking(() -> AuditQuery.run(AuditFileSet.members(active), filter, limit), false);
    }
}
