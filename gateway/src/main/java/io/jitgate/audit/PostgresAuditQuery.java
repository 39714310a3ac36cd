package io.jitgate.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Audit queries over the PostgreSQL attribution table. The filter is turned into conditions on the
 * records' JSON ({@code line::jsonb}), so the database does the selecting; each row found is then
 * checked with {@link AuditFilter#matches} as well, so the answer is exactly what the file query
 * would give. Values are always bound parameters, never text in the SQL.
 */
public final class PostgresAuditQuery implements AuditRecordSource {
    private final Pool pool;
    private final Optional<String> instance;
    private final boolean ownsPool;

    /**
     * @param pool     a pool whose user may SELECT from the table
     * @param instance only this gateway instance's records, or all instances
     * @param ownsPool whether {@link #close} closes the pool
     */
    public PostgresAuditQuery(Pool pool, Optional<String> instance, boolean ownsPool) {
        this.pool = pool;
        this.instance = instance;
        this.ownsPool = ownsPool;
    }

    /** Queries all instances' records with the gateway's own database user (SELECT is all it needs). */
    public static PostgresAuditQuery open(io.vertx.core.Vertx vertx, PostgresSettings settings) throws java.io.IOException {
        String password = java.nio.file.Files.readString(settings.passwordFile(), java.nio.charset.StandardCharsets.UTF_8).trim();
        return new PostgresAuditQuery(PostgresAuditSink.pool(vertx, settings, settings.user(), password), Optional.empty(), true);
    }

    @Override
    public Future<List<JsonObject>> find(AuditFilter filter, int limit) {
        if (limit <= 0) {
            return Future.failedFuture(new IllegalArgumentException("limit must be > 0, but was " + limit));
        }
        List<String> where = new ArrayList<>();
        Tuple args = Tuple.tuple();
        instance.ifPresent(i -> condition(where, args, "instance = $%d", i));
        condition(where, args, "line::jsonb->>'agent' = $%d", filter.agent());
        condition(where, args, "line::jsonb->>'user' = $%d", filter.user());
        condition(where, args, "line::jsonb->>'tool' = $%d", filter.tool());
        condition(where, args, "line::jsonb->'intent'->>'taskId' = $%d", filter.task());
        condition(where, args, "line::jsonb->>'outcome' = $%d", filter.outcome());
        condition(where, args, "line::jsonb->>'kind' = $%d", filter.kind());
        condition(where, args, "line::jsonb->'aws'->>'requestId' = $%d", filter.requestId());
        condition(where, args, "line::jsonb->>'callId' = $%d", filter.callId());
        if (filter.since() != null) {
            condition(where, args, "(line::jsonb->>'time')::timestamptz >= $%d", OffsetDateTime.ofInstant(filter.since(), ZoneOffset.UTC));
        }
        if (filter.until() != null) {
            condition(where, args, "(line::jsonb->>'time')::timestamptz < $%d", OffsetDateTime.ofInstant(filter.until(), ZoneOffset.UTC));
        }
        args.addInteger(limit);
        String sql = "SELECT line FROM attribution" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY instance, seq LIMIT $" + args.size();
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<JsonObject> out = new ArrayList<>();
            for (Row row : rows) {
                JsonObject record = new JsonObject(row.getString("line"));
                if (filter.matches(record)) {
                    out.add(record);
                }
            }
            return out;
        });
    }

    private static void condition(List<String> where, Tuple args, String template, Object value) {
        if (value != null) {
            args.addValue(value);
            where.add(String.format(template, args.size()));
        }
    }

    @Override
    public void close() {
        if (ownsPool) {
            pool.close();
        }
    }
}
