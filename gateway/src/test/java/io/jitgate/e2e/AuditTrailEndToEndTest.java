package io.jitgate.e2e;

import static io.jitgate.e2e.McpAgent.callId;
import static io.jitgate.e2e.McpAgent.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitgate.Gateway;
import io.jitgate.admin.AdminAuditEndpoint;
import io.jitgate.admin.AdminSettings;
import io.jitgate.audit.AuditFileSet;
import io.jitgate.audit.AuditSettings;
import io.jitgate.audit.AuditVerifier;
import io.jitgate.audit.HashChain;
import io.jitgate.audit.PromptStorage;
import io.jitgate.audit.RecordSchema;
import io.jitgate.audit.Rotation;
import io.jitgate.cli.CliRunner;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attribution trail on the real stack: a gateway with digest prompt storage, small rotated
 * files and an admin API serves every kind of outcome; then every record it wrote, across the
 * rotated set, must match {@code docs/audit-record.schema.json}, the set must verify, and secrets
 * (sensitive arguments, prompt text) must be nowhere in it.
 */
class AuditTrailEndToEndTest {
    static final String ADMIN_KEY = "admin-" + UUID.randomUUID() + "-" + UUID.randomUUID();
    static final String SECRET_TEXT = "payload-" + UUID.randomUUID();
    static final String PROMPT = "save my notes; my key is AKIAABCDEFGHIJKLMNOP, mail bob@example.com";
    static TestStack stack;
    static Vertx vertx;
    static Path dir;
    static Path auditFile;
    static String agentToken;
    static final HttpClient http = HttpClient.newHttpClient();
    static final Map<String, String> calls = new java.util.concurrent.ConcurrentHashMap<>();
    static List<JsonObject> records;

    @BeforeAll
    static void runCallsOfEveryOutcome(@TempDir Path tmp) throws Exception {
        stack = TestStack.get();
        vertx = Vertx.vertx();
        dir = tmp;
        auditFile = dir.resolve("attribution.jsonl");
        Gateway gateway = Gateway.start(vertx, stack.gatewayConfig(auditFile,
                new AuditSettings(PromptStorage.DIGEST, 24, new Rotation(8192, null)), AdminSettings.withKey(ADMIN_KEY)),
                SuiteOutputs.hooks()).await(30, TimeUnit.SECONDS);
        agentToken = stack.token(vertx, "trail-agent", List.of("dev-agents"), 30);
        try (McpAgent agent = new McpAgent(gateway.port(), agentToken)) {
            calls.put("served", callId(agent.call("whoami", Map.of())));
            McpSchema.CallToolResult write = agent.callWithIntent("s3_write_object",
                    Map.of("bucket", "jitgate-demo", "key", "trail/" + UUID.randomUUID(), "text", SECRET_TEXT), "keep notes", "TASK-42", PROMPT);
            assertThat(write.isError()).as(text(write)).isFalse();
            calls.put("write", callId(write));
            calls.put("invalid", callId(agent.call("s3_read_object", Map.of("bucket", "jitgate-demo", "key", 5))));
            calls.put("aws_error", callId(agent.call("s3_list_objects", Map.of("bucket", "some-other-bucket"))));
            assertThatThrownBy(() -> agent.call("s3_write_object", Map.of("bucket", "jitgate-demo", "key", "k", "text", SECRET_TEXT)))
                    .isInstanceOf(McpError.class);
            assertThatThrownBy(() -> agent.call("no_such_tool", Map.of())).isInstanceOf(McpError.class);
            for (int i = 0; i < 6; i++) {
                agent.call("whoami", Map.of()); // enough records for a few rotations
            }
        }
        assertThat(post(gateway.port(), null).statusCode()).isEqualTo(401);
        adminApiChecks(gateway.port());
        gateway.stop().await(10, TimeUnit.SECONDS);
        records = new ArrayList<>();
        for (AuditFileSet.Member m : AuditFileSet.members(auditFile)) {
            Files.readAllLines(m.path()).forEach(l -> records.add(new JsonObject(l)));
        }
    }

    @AfterAll
    static void close() {
        vertx.close();
    }

    static void adminApiChecks(int port) throws Exception {
        assertThat(admin(port, "", null).statusCode()).isEqualTo(401);
        assertThat(admin(port, "", agentToken).statusCode()).as("an agent's token is not an operator credential").isEqualTo(401);
        assertThat(admin(port, "?outcome=sometimes", ADMIN_KEY).statusCode()).isEqualTo(400);
        JsonObject served = new JsonObject(admin(port, "?agent=trail-agent&tool=whoami&outcome=served", ADMIN_KEY).body());
        assertThat(served.getInteger("count")).isGreaterThanOrEqualTo(7);
        assertThat(served.getJsonArray("records").stream().map(r -> ((JsonObject) r).getString("tool"))).containsOnly("whoami");
        JsonObject byTask = new JsonObject(admin(port, "?task=TASK-42", ADMIN_KEY).body());
        assertThat(byTask.getJsonArray("records").stream().map(r -> ((JsonObject) r).getString("callId"))).containsExactly(calls.get("write"));
        String requestId = byTask.getJsonArray("records").getJsonObject(0).getJsonObject("aws").getString("requestId");
        JsonObject byRequest = new JsonObject(admin(port, "?request_id=" + requestId, ADMIN_KEY).body());
        assertThat(byRequest.getInteger("count")).isEqualTo(1);
        JsonObject none = new JsonObject(admin(port, "?agent=trail-agent&until=2000-01-01T00:00:00Z", ADMIN_KEY).body());
        assertThat(none.getInteger("count")).isZero();
    }

    static HttpResponse<String> admin(int port, String query, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + AdminAuditEndpoint.PATH + query));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(int port, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{}}}"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject record(String callId) {
        return records.stream().filter(r -> callId.equals(r.getString("callId"))).findFirst().orElseThrow();
    }

    @Test
    void everyRealRecordMatchesTheDocumentedSchema() throws Exception {
        RecordSchema schema = RecordSchema.load();
        for (JsonObject r : records) {
            assertThat(schema.problem(r)).as("record %s", r.encode()).isEmpty();
        }
        Set<String> kinds = new TreeSet<>();
        records.forEach(r -> kinds.add(r.getString("kind") + ("operator_action".equals(r.getString("kind")) ? ":" + r.getString("action") : "")));
        assertThat(kinds).contains("tool_call", "gateway_started", "gateway_stopped", "log_rotated",
                "operator_action:catalog_loaded", "operator_action:policies_loaded");
        Set<String> reasons = new TreeSet<>();
        records.forEach(r -> reasons.add(String.valueOf(r.getString("reason"))));
        assertThat(reasons).contains("ok", "invalid_arguments", "aws_error", "policy_denied", "unknown_tool", "unauthenticated");
    }

    @Test
    void theRotatedSetVerifiesAndEndsWithTheStop() throws Exception {
        List<AuditFileSet.Member> members = AuditFileSet.members(auditFile);
        assertThat(members.size()).as("files in the set").isGreaterThan(1);
        AuditVerifier.Result result = AuditVerifier.verifySet(members);
        assertThat(result.ok()).as(result.describe(auditFile)).isTrue();
        assertThat(result.endsWithStop()).isTrue();
        assertThat(records.get(records.size() - 1).getString("kind")).isEqualTo("gateway_stopped");
        assertThat(CliRunner.run("audit", "verify", dir.toString()).exit()).isZero();
    }

    @Test
    void sensitiveArgumentsAndThePromptTextNeverReachTheLog() throws Exception {
        for (AuditFileSet.Member m : AuditFileSet.members(auditFile)) {
            String content = Files.readString(m.path());
            assertThat(content).doesNotContain(SECRET_TEXT).doesNotContain("AKIAABCDEFGHIJKLMNOP").doesNotContain("bob@example.com");
        }
        JsonObject write = record(calls.get("write"));
        assertThat(write.getJsonObject("arguments").getString("text")).isEqualTo("[redacted]");
        assertThat(write.getJsonObject("arguments").getString("bucket")).isEqualTo("jitgate-demo");
        JsonObject intent = write.getJsonObject("intent");
        assertThat(intent.getString("prompt")).isNull();
        assertThat(intent.getString("promptStorage")).isEqualTo("digest");
        assertThat(intent.getString("promptSha256")).isEqualTo(HashChain.sha256(PROMPT));
        assertThat(intent.getString("promptExcerpt")).startsWith("save my notes; my key is").hasSizeLessThanOrEqualTo(25);
        JsonObject denied = records.stream().filter(r -> "policy_denied".equals(r.getString("reason"))).findFirst().orElseThrow();
        assertThat(denied.getJsonObject("arguments").getString("text")).isEqualTo("[redacted]");
    }

    @Test
    void theQueryCommandFiltersLikeTheAdminApi() throws Exception {
        CliRunner.Result denied = CliRunner.run("audit", "query", dir.toString(), "--agent", "trail-agent", "--outcome", "denied", "--format", "json");
        assertThat(denied.exit()).isZero();
        List<JsonObject> lines = denied.out().lines().map(JsonObject::new).toList();
        assertThat(lines).isNotEmpty().allMatch(r -> "denied".equals(r.getString("outcome")));
        CliRunner.Result table = CliRunner.run("audit", "query", dir.toString(), "--call-id", calls.get("aws_error"));
        assertThat(table.out()).contains(calls.get("aws_error"), "aws_error", "s3_list_objects", "1 record");
        CliRunner.Result startStop = CliRunner.run("audit", "query", dir.toString(), "--kind", "gateway_started", "--format", "json");
        assertThat(startStop.out().lines()).hasSize(1);
    }
}
