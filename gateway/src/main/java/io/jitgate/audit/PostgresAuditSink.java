package io.jitgate.audit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attribution log in PostgreSQL, for deployments with several gateway instances: the same sealed
 * lines as {@link FileAuditLog}, one row each in table {@code attribution (instance, seq, line)}, each
 * instance keeping its own chain (a restart continues it). Records that arrive together are inserted
 * in one transaction (group commit); {@link #append} completes after that transaction commits. The
 * gateway's database user needs only SELECT and INSERT: the table is append-only for it. A failed
 * insert (including a duplicate seq, i.e. two gateways using one instance name) marks the sink
 * unhealthy for good, so calls stop reaching AWS.
 */
public final class PostgresAuditSink implements AuditSink {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresAuditSink.class);
    private static final int MAX_BATCH = 512;

    private record Pending(String encoded, Promise<Void> done, Context context) {
    }

    private final Vertx vertx;
    private final PostgresSettings settings;
    private final Pool pool;
    private final GroupCommitQueue<Pending> batches;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private volatile boolean healthy = true;
    private volatile String failure;
    private String lastHash;
    private long lastSeq = -1;

    public PostgresAuditSink(Vertx vertx, PostgresSettings settings) throws IOException {
        this.vertx = vertx;
        this.settings = settings;
        this.pool = pool(vertx, settings, settings.user(), Files.readString(settings.passwordFile(), StandardCharsets.UTF_8).trim());
        this.batches = new GroupCommitQueue<>("jitgate-audit-pg-writer", MAX_BATCH, this::writeBatch);
    }

    /** A small pool for {@code url} as {@code user}. */
    public static Pool pool(Vertx vertx, PostgresSettings settings, String user, String password) {
        PgConnectOptions options = PgConnectOptions.fromUri(settings.url().toString()).setUser(user).setPassword(password);
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(options).using(vertx).build();
    }

    @Override
    public Future<Void> append(JsonObject record) {
        Context context = vertx.getOrCreateContext();
        Promise<Void> done = Promise.promise();
        if (!healthy || batches.closing()) {
            failed.incrementAndGet();
            done.fail(new IOException("attribution table is not writable" + (failure == null ? "" : ": " + failure)));
            return done.future();
        }
        batches.add(new Pending(record.encode(), done, context));
        return done.future();
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    @Override
    public Status status() {
        return new Status(healthy, failure, written.get(), failed.get(), commits.get(), commitNanos.get());
    }

    private void writeBatch(List<Pending> batch) {
        try {
            if (!healthy) {
                throw new IOException("attribution table is not writable: " + failure);
            }
            if (lastSeq < 0) {
                continueChain();
            }
            List<Tuple> rows = new ArrayList<>(batch.size());
            String hash = lastHash;
            long seq = lastSeq;
            for (Pending p : batch) {
                HashChain.Sealed sealed = HashChain.sealed(p.encoded(), hash);
                hash = sealed.hash();
                rows.add(Tuple.of(settings.instance(), ++seq, sealed.line()));
            }
            long commitStart = System.nanoTime();
            pool.withTransaction(c -> c.preparedQuery("INSERT INTO attribution (instance, seq, line) VALUES ($1, $2, $3)")
                    .executeBatch(rows)).await(30, TimeUnit.SECONDS);
            commits.incrementAndGet();
            commitNanos.addAndGet(System.nanoTime() - commitStart);
            lastHash = hash;
            lastSeq = seq;
            written.addAndGet(batch.size());
            batch.forEach(p -> p.context().runOnContext(v -> p.done().complete()));
        } catch (Exception e) {
            healthy = false;
            failure = e.toString();
            failed.addAndGet(batch.size());
            LOG.error("Attribution table (instance {}) failed; calls will be refused until it works again: {}", settings.instance(), e.toString());
            batch.forEach(p -> p.context().runOnContext(v -> p.done().fail(e)));
        }
    }

    /** Reads this instance's last row, so a restart continues its chain. */
    private void continueChain() throws Exception {
        RowSet<Row> last = pool.preparedQuery("SELECT seq, line FROM attribution WHERE instance = $1 ORDER BY seq DESC LIMIT 1")
                .execute(Tuple.of(settings.instance())).await(30, TimeUnit.SECONDS);
        if (last.size() == 0) {
            lastSeq = 0;
            lastHash = HashChain.GENESIS;
        } else {
            Row row = last.iterator().next();
            lastSeq = row.getLong("seq");
            lastHash = HashChain.hashOf(row.getString("line")).orElseThrow(() ->
                    new IllegalStateException("the last row of instance " + settings.instance() + " is not a sealed record"));
        }
    }

    @Override
    public void close() {
        try {
            batches.close(java.time.Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
    }
}
