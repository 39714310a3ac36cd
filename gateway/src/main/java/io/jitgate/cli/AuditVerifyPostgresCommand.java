package io.jitgate.cli;

import io.jitgate.audit.PostgresAuditSink;
import io.jitgate.audit.PostgresAuditVerifier;
import io.jitgate.audit.PostgresSettings;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jitgate audit verify-db}: checks every instance's chain in the PostgreSQL attribution table. */
@Command(name = "verify-db", description = "Check the hash chain of every gateway instance in the PostgreSQL attribution table; "
        + "exit 1 at the first bad record of any instance.")
final class AuditVerifyPostgresCommand implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "postgresql://host:port/database") URI url;
    @Option(names = "--user", required = true, description = "a database user that may read the table") String user;
    @Option(names = "--password-file", required = true) Path passwordFile;
    @Option(names = "--instance", description = "only this gateway instance") String instance;

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            PostgresSettings settings = new PostgresSettings(url, user, passwordFile, instance == null ? "any" : instance);
            Pool pool = PostgresAuditSink.pool(vertx, settings, user, Files.readString(passwordFile, StandardCharsets.UTF_8).trim());
            List<PostgresAuditVerifier.InstanceResult> results = PostgresAuditVerifier.verify(pool, Optional.ofNullable(instance));
            pool.close().await(10, TimeUnit.SECONDS);
            if (results.isEmpty()) {
                throw new IllegalArgumentException("no attribution records in " + url + (instance == null ? "" : " for instance " + instance));
            }
            boolean ok = true;
            for (PostgresAuditVerifier.InstanceResult r : results) {
                (r.ok() ? System.out : System.err).println(r.describe());
                ok &= r.ok();
            }
            return ok ? 0 : 1;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
