package io.jitgate.audit;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Verifies the attribution table: for each instance, rows must run seq 1, 2, ... without a gap and
 * each line must chain to the one before ({@link HashChain}). Reports the first bad row per instance.
 * Blocking: call it off any event loop (the CLI does).
 */
public final class PostgresAuditVerifier {
    /** One instance's result: rows verified, and the first bad seq with its problem. */
    public record InstanceResult(String instance, long verified, Optional<Long> badSeq, Optional<String> problem, String lastHash) {
        public boolean ok() {
            return problem.isEmpty();
        }

        public String describe() {
            return ok() ? "instance " + instance + ": OK, " + verified + " records, hash chain intact, last hash " + lastHash
                    : "instance " + instance + ": BROKEN at seq " + badSeq.orElse(0L) + ": " + problem.get()
                            + " (" + verified + " records verified before it)";
        }
    }

    private PostgresAuditVerifier() {
    }

    public static List<InstanceResult> verify(Pool pool, Optional<String> onlyInstance) throws java.util.concurrent.TimeoutException {
        List<String> instances = new ArrayList<>();
        if (onlyInstance.isPresent()) {
            instances.add(onlyInstance.get());
        } else {
            pool.query("SELECT DISTINCT instance FROM attribution ORDER BY instance").execute().await(60, TimeUnit.SECONDS)
                    .forEach(r -> instances.add(r.getString(0)));
        }
        List<InstanceResult> results = new ArrayList<>();
        for (String instance : instances) {
            results.add(verifyInstance(pool, instance));
        }
        return results;
    }

    private static InstanceResult verifyInstance(Pool pool, String instance) throws java.util.concurrent.TimeoutException {
        RowSet<Row> rows = pool.preparedQuery("SELECT seq, line FROM attribution WHERE instance = $1 ORDER BY seq")
                .execute(Tuple.of(instance)).await(120, TimeUnit.SECONDS);
        String prev = HashChain.GENESIS;
        long expected = 1;
        for (Row row : rows) {
            long seq = row.getLong("seq");
            if (seq != expected) {
                return new InstanceResult(instance, expected - 1, Optional.of(expected),
                        Optional.of("seq " + expected + " is missing (next row is seq " + seq + "): a record was deleted"), prev);
            }
            Optional<String> problem = HashChain.check(row.getString("line"), prev);
            if (problem.isPresent()) {
                return new InstanceResult(instance, expected - 1, Optional.of(seq), problem, prev);
            }
            prev = HashChain.hashOf(row.getString("line")).orElseThrow();
            expected++;
        }
        return new InstanceResult(instance, expected - 1, Optional.empty(), Optional.empty(), prev);
    }
}
