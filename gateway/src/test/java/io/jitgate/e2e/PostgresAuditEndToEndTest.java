package io.jitgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitgate.Gateway;
import io.jitgate.admin.AdminSettings;
import io.jitgate.audit.AuditSettings;
import io.jitgate.audit.PostgresAuditSink;
import io.jitgate.audit.PostgresAuditVerifier;
import io.jitgate.audit.PostgresSettings;
import io.jitgate.audit.PromptStorage;
import io.jitgate.audit.RecordSchema;
import io.jitgate.audit.Rotation;
import io.jitgate.cli.CliRunner;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL sink against a real PostgreSQL (started by {@code ./jitgate test} from the OS
 * packages): records land append-only, each instance keeps its own chain across restarts, the
 * gateway's database user cannot change or delete them, and {@code audit verify-db} finds an edit
 * or a deletion made by someone who can.
 */
class PostgresAuditEndToEndTest {
    static TestStack stack;
    static Vertx vertx;
    static Properties env = new Properties();
    static PostgresSettings gatewaySettings;
    static Pool gatewayPool;
    static Pool ownerPool;

    @BeforeAll
    static void setUp() throws Exception {
        stack = TestStack.get();
        String file = System.getenv("JITGATE_TEST_PG_ENV");
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            throw new IllegalStateException("the PostgreSQL tests need the database ./jitgate test starts (JITGATE_TEST_PG_ENV is " + file + ")");
        }
        try (var in = Files.newBufferedReader(Path.of(file))) {
            env.load(in);
        }
        vertx = Vertx.vertx();
        gatewaySettings = settings("e2e-" + UUID.randomUUID().toString().substring(0, 8));
        gatewayPool = PostgresAuditSink.pool(vertx, gatewaySettings, env.getProperty("JITGATE_PG_GATEWAY_USER"),
                Files.readString(Path.of(env.getProperty("JITGATE_PG_GATEWAY_PASSWORD_FILE"))).trim());
        ownerPool = PostgresAuditSink.pool(vertx, gatewaySettings, env.getProperty("JITGATE_PG_OWNER_USER"),
                Files.readString(Path.of(env.getProperty("JITGATE_PG_OWNER_PASSWORD_FILE"))).trim());
    }

    @AfterAll
    static void tearDown() {
        vertx.close();
    }

    static PostgresSettings settings(String instance) {
        return new PostgresSettings(URI.create(env.getProperty("JITGATE_PG_URL")), env.getProperty("JITGATE_PG_GATEWAY_USER"),
                Path.of(env.getProperty("JITGATE_PG_GATEWAY_PASSWORD_FILE")), instance);
    }

    static void runGateway(PostgresSettings pg, Path dir, int calls) throws Exception {
        Gateway gateway = Gateway.start(vertx, stack.gatewayConfig(dir.resolve("unused.jsonl"),
                new AuditSettings(PromptStorage.WHOLE, 40, Rotation.NEVER, pg), AdminSettings.DISABLED), SuiteOutputs.hooks())
                .await(30, TimeUnit.SECONDS);
        try (McpAgent agent = new McpAgent(gateway.port(), stack.token(vertx, "pg-agent", List.of("dev-agents"), 10))) {
            for (int i = 0; i < calls; i++) {
                assertThat(agent.call("whoami", Map.of()).isError()).isFalse();
            }
        } finally {
            gateway.stop().await(10, TimeUnit.SECONDS);
        }
    }

    static List<JsonObject> records(String instance) throws Exception {
        List<JsonObject> out = new ArrayList<>();
        for (Row row : gatewayPool.preparedQuery("SELECT line FROM attribution WHERE instance = $1 ORDER BY seq")
                .execute(Tuple.of(instance)).await(10, TimeUnit.SECONDS)) {
            out.add(new JsonObject(row.getString("line")));
        }
        return out;
    }

    @Test
    void recordsAreAppendOnlyAndEachInstanceChainSurvivesRestartsAndTampering(@TempDir Path dir) throws Exception {
        String instance = gatewaySettings.instance();
        runGateway(gatewaySettings, dir, 3);
        runGateway(gatewaySettings, dir, 2); // a restart continues the same chain
        PostgresSettings other = settings(instance + "-b");
        runGateway(other, dir, 1); // a second instance, its own chain

        List<JsonObject> rows = records(instance);
        assertThat(rows.stream().filter(r -> "tool_call".equals(r.getString("kind")))).hasSize(5);
        assertThat(rows.stream().filter(r -> "gateway_started".equals(r.getString("kind")))).hasSize(2);
        RecordSchema schema = RecordSchema.load();
        rows.forEach(r -> assertThat(schema.problem(r)).as(r.encode()).isEmpty());
        List<PostgresAuditVerifier.InstanceResult> results = PostgresAuditVerifier.verify(gatewayPool, Optional.of(instance));
        assertThat(results.get(0).ok()).as(results.get(0).describe()).isTrue();
        assertThat(results.get(0).verified()).isEqualTo(rows.size());
        assertThat(PostgresAuditVerifier.verify(gatewayPool, Optional.of(other.instance())).get(0).ok()).isTrue();

        // The gateway's database user may not change or remove records.
        assertThatThrownBy(() -> gatewayPool.preparedQuery("UPDATE attribution SET line = 'x' WHERE instance = $1")
                .execute(Tuple.of(instance)).await(10, TimeUnit.SECONDS)).hasMessageContaining("permission denied");
        assertThatThrownBy(() -> gatewayPool.preparedQuery("DELETE FROM attribution WHERE instance = $1")
                .execute(Tuple.of(instance)).await(10, TimeUnit.SECONDS)).hasMessageContaining("permission denied");
        assertThatThrownBy(() -> gatewayPool.query("TRUNCATE attribution").execute().await(10, TimeUnit.SECONDS))
                .hasMessageContaining("permission denied");

        // Someone who can (the table's owner) edits one record and deletes another: verify-db finds both.
        ownerPool.preparedQuery("UPDATE attribution SET line = replace(line, '\"agent\":\"pg-agent\"', '\"agent\":\"someone\"') "
                + "WHERE instance = $1 AND seq = (SELECT min(seq) FROM attribution WHERE instance = $1 AND line LIKE '%\"kind\":\"tool_call\"%')")
                .execute(Tuple.of(instance)).await(10, TimeUnit.SECONDS);
        PostgresAuditVerifier.InstanceResult edited = PostgresAuditVerifier.verify(gatewayPool, Optional.of(instance)).get(0);
        assertThat(edited.ok()).isFalse();
        assertThat(edited.problem().orElseThrow()).contains("edited");
        ownerPool.preparedQuery("DELETE FROM attribution WHERE instance = $1 AND seq = 2").execute(Tuple.of(other.instance()))
                .await(10, TimeUnit.SECONDS);
        PostgresAuditVerifier.InstanceResult deleted = PostgresAuditVerifier.verify(gatewayPool, Optional.of(other.instance())).get(0);
        assertThat(deleted.badSeq()).contains(2L);
        assertThat(deleted.problem().orElseThrow()).contains("deleted");

        CliRunner.Result cli = CliRunner.run("audit", "verify-db", "--url", env.getProperty("JITGATE_PG_URL"),
                "--user", env.getProperty("JITGATE_PG_GATEWAY_USER"), "--password-file", env.getProperty("JITGATE_PG_GATEWAY_PASSWORD_FILE"),
                "--instance", instance);
        assertThat(cli.exit()).isEqualTo(1);
        assertThat(cli.err()).contains("instance " + instance + ": BROKEN at seq");
    }
}
