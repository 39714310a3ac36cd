package io.jitgate.cli;

import io.jitgate.audit.AuditFileSet;
import io.jitgate.audit.AuditFilter;
import io.jitgate.audit.AuditQuery;
import io.jitgate.audit.PostgresAuditQuery;
import io.jitgate.audit.PostgresAuditSink;
import io.jitgate.audit.PostgresSettings;
import io.jitgate.config.ConfigLoader;
import io.jitgate.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jitgate audit query}: the records that match every filter given, from log files (or a
 * rotated set), from the PostgreSQL table ({@code --db}), or from wherever a gateway's configuration
 * says it writes ({@code --config}).
 */
@Command(name = "query", description = "Print the attribution records that match every filter given (as a table or JSON lines), "
        + "from log files, from PostgreSQL (--db URL), or from the sink a gateway configuration names (--config FILE).")
final class AuditQueryCommand implements Callable<Integer> {
    enum Format { table, json }

    @Parameters(arity = "0..*", description = "log files, or folders holding them (not with --db or --config)")
    List<Path> paths = new ArrayList<>();
    @Option(names = "--config", description = "a gateway configuration: query its PostgreSQL table or its log files") Path config;
    @Option(names = "--db", description = "postgresql://host:port/database holding the attribution table") URI db;
    @Option(names = "--db-user", description = "a database user that may read the table (with --db)") String dbUser;
    @Option(names = "--db-password-file", description = "a file holding that user's password (with --db)") Path dbPasswordFile;
    @Option(names = "--instance", description = "only this gateway instance's records (PostgreSQL)") String instance;
    @Option(names = "--agent") String agent;
    @Option(names = "--user", description = "the user the agent acted for") String user;
    @Option(names = "--tool") String tool;
    @Option(names = "--task", description = "the taskId the agent stated") String task;
    @Option(names = "--outcome", description = "served, denied, invalid, approval_timed_out, cancelled, rate_limited, upstream_error or failed")
    String outcome;
    @Option(names = "--kind", description = "tool_call, operator_action, gateway_started, ...") String kind;
    @Option(names = "--request-id", description = "the AWS request id") String requestId;
    @Option(names = "--call-id") String callId;
    @Option(names = "--since", description = "ISO-8601 instant, inclusive") String since;
    @Option(names = "--until", description = "ISO-8601 instant, exclusive") String until;
    @Option(names = "--limit", defaultValue = "1000", description = "at most this many records (1-100000)") int limit;
    @Option(names = "--format", defaultValue = "table", description = "table or json (one record per line)") Format format;

    @Override
    public Integer call() throws Exception {
        if (limit < 1 || limit > 100_000) {
            throw new IllegalArgumentException("--limit must be from 1 to 100000, but was " + limit);
        }
        AuditFilter filter = new AuditFilter(agent, user, tool, task, outcome, kind, requestId, callId,
                AuditFilter.time("--since", since), AuditFilter.time("--until", until));
        List<JsonObject> found = find(filter);
        if (format == Format.json) {
            found.forEach(r -> System.out.println(r.encode()));
        } else {
            System.out.print(AuditTable.render(found));
        }
        return 0;
    }

    private List<JsonObject> find(AuditFilter filter) throws Exception {
        if ((db != null || config != null) && !paths.isEmpty()) {
            throw new IllegalArgumentException("give log files, --db or --config, not several: " + paths);
        }
        if (db != null && config != null) {
            throw new IllegalArgumentException("give --db or --config, not both");
        }
        if (db != null) {
            if (dbUser == null || dbPasswordFile == null) {
                throw new IllegalArgumentException("--db needs --db-user and --db-password-file");
            }
            return fromDatabase(new PostgresSettings(db, dbUser, dbPasswordFile, instance == null ? "any" : instance), filter);
        }
        if (config != null) {
            GatewayConfig loaded = ConfigLoader.load(config);
            if (loaded.audit().postgres() != null) {
                return fromDatabase(loaded.audit().postgres(), filter);
            }
            return fromFiles(List.of(loaded.auditFile()), filter);
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("name the log files (or their folder), or give --db or --config");
        }
        return fromFiles(paths, filter);
    }

    private List<JsonObject> fromFiles(List<Path> files, AuditFilter filter) throws Exception {
        List<JsonObject> found = new ArrayList<>();
        for (List<AuditFileSet.Member> set : AuditFileSet.sets(files).values()) {
            if (found.size() >= limit) {
                break;
            }
            found.addAll(AuditQuery.run(set, filter, limit - found.size()));
        }
        return found;
    }

    private List<JsonObject> fromDatabase(PostgresSettings settings, AuditFilter filter) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            String password = Files.readString(settings.passwordFile(), StandardCharsets.UTF_8).trim();
            try (PostgresAuditQuery query = new PostgresAuditQuery(PostgresAuditSink.pool(vertx, settings, settings.user(), password),
                    Optional.ofNullable(instance), true)) {
                return query.find(filter, limit).await(120, TimeUnit.SECONDS);
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
