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

    /**
     * Queries over the table: the admin API of a gateway writing to PostgreSQL, {@code audit query
     * --db}, and {@code audit query --config} (the sink a gateway configuration names) give the same
     * records for the same filters, all read from the real table.
     */
    @Test
    void queriesReadTheTableThroughTheAdminApiAndTheCli(@TempDir Path dir) throws Exception {
        PostgresSettings pg = settings("q-" + UUID.randomUUID().toString().substring(0, 8));
        String key = "admin-" + UUID.randomUUID();
        Gateway gateway = Gateway.start(vertx, stack.gatewayConfig(dir.resolve("unused.jsonl"),
                new AuditSettings(PromptStorage.WHOLE, 40, Rotation.NEVER, pg), AdminSettings.withKey(key)), SuiteOutputs.hooks())
                .await(30, TimeUnit.SECONDS);
        String listed;
        try (McpAgent agent = new McpAgent(gateway.port(), stack.token(vertx, "pg-query-agent", List.of("dev-agents"), 10))) {
            assertThat(agent.call("whoami", Map.of()).isError()).isFalse();
            assertThat(agent.call("s3_read_object", Map.of("bucket", "jitgate-demo", "key", 5)).isError()).isTrue();
            var list = agent.callWithIntent("s3_list_objects", Map.of("bucket", "jitgate-demo"), "look around", "TASK-PG-7", "list it");
            assertThat(list.isError()).as(McpAgent.text(list)).isFalse();
            listed = McpAgent.callId(list);

            JsonObject served = adminQuery(gateway.port(), key, "?agent=pg-query-agent&outcome=served");
            assertThat(served.getInteger("count")).isEqualTo(2);
            JsonObject invalid = adminQuery(gateway.port(), key, "?agent=pg-query-agent&outcome=invalid");
            assertThat(invalid.getJsonArray("records").getJsonObject(0).getString("tool")).isEqualTo("s3_read_object");
            JsonObject byTask = adminQuery(gateway.port(), key, "?task=TASK-PG-7");
            assertThat(byTask.getInteger("count")).isEqualTo(1);
            JsonObject record = byTask.getJsonArray("records").getJsonObject(0);
            assertThat(record.getString("callId")).isEqualTo(listed);
            String requestId = record.getJsonObject("aws").getString("requestId");
            assertThat(requestId).isNotBlank();
            assertThat(adminQuery(gateway.port(), key, "?request_id=" + requestId).getInteger("count")).isEqualTo(1);
            assertThat(adminQuery(gateway.port(), key, "?agent=pg-query-agent&until=2000-01-01T00:00:00Z").getInteger("count")).isZero();
            assertThat(adminQuery(gateway.port(), key, "?agent=pg-query-agent&since=2000-01-01T00:00:00Z&kind=tool_call")
                    .getInteger("count")).isEqualTo(3);
            java.net.http.HttpResponse<String> bad = AuditTrailEndToEndTest.http.send(java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.port() + "/admin/audit/records?limit=0")).header("Authorization", "Bearer " + key)
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("limit must be a whole number from 1 to 10000, but was 0");
        } finally {
            gateway.stop().await(10, TimeUnit.SECONDS);
        }

        CliRunner.Result json = CliRunner.run("audit", "query", "--db", env.getProperty("JITGATE_PG_URL"),
                "--db-user", env.getProperty("JITGATE_PG_GATEWAY_USER"), "--db-password-file", env.getProperty("JITGATE_PG_GATEWAY_PASSWORD_FILE"),
                "--instance", pg.instance(), "--agent", "pg-query-agent", "--format", "json");
        assertThat(json.exit()).as(json.err()).isZero();
        List<JsonObject> lines = json.out().lines().map(JsonObject::new).toList();
        assertThat(lines).hasSize(3).allMatch(r -> "pg-query-agent".equals(r.getString("agent")));
        assertThat(lines.stream().map(r -> r.getString("outcome"))).containsExactly("served", "invalid", "served");

        JsonObject config = new JsonObject(Files.readString(Path.of(System.getenv("JITGATE_TEST_STATE"), "gateway.json")));
        config.getJsonObject("audit").put("postgres", new JsonObject().put("url", env.getProperty("JITGATE_PG_URL"))
                .put("user", env.getProperty("JITGATE_PG_GATEWAY_USER"))
                .put("passwordFile", env.getProperty("JITGATE_PG_GATEWAY_PASSWORD_FILE")).put("instance", pg.instance()));
        Path configFile = dir.resolve("gateway.json");
        Files.writeString(configFile, config.encodePrettily());
        CliRunner.Result table = CliRunner.run("audit", "query", "--config", configFile.toString(), "--instance", pg.instance(),
                "--call-id", listed);
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).contains(listed, "s3_list_objects", "TASK-PG-7", "1 record");
        CliRunner.Result both = CliRunner.run("audit", "query", "--config", configFile.toString(), dir.toString());
        assertThat(both.exit()).isNotZero();
        assertThat(both.err()).contains("not several");
    }

    static JsonObject adminQuery(int port, String key, String query) throws Exception {
        java.net.http.HttpResponse<String> r = AuditTrailEndToEndTest.http.send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + io.jitgate.admin.AdminAuditEndpoint.PATH + query))
                .header("Authorization", "Bearer " + key).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }
}
