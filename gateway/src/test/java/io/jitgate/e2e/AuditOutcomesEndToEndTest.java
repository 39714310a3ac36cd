package io.jitgate.e2e;

import static io.jitgate.e2e.McpAgent.callId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitgate.Gateway;
import io.jitgate.admin.AdminSettings;
import io.jitgate.audit.AuditFileSet;
import io.jitgate.audit.AuditSettings;
import io.jitgate.audit.AuditVerifier;
import io.jitgate.audit.PromptStorage;
import io.jitgate.audit.RecordSchema;
import io.jitgate.audit.Rotation;
import io.jitgate.aws.AwsEndpoints;
import io.jitgate.cli.CliRunner;
import io.jitgate.config.GatewayConfig;
import io.jitgate.credentials.VaultSettings;
import io.jitgate.resilience.ResilienceSettings;
import io.modelcontextprotocol.spec.McpError;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One record per call, for every outcome the real stack can produce: served, denied (policy, tier,
 * no token), invalid (bad arguments, unknown tool), upstream_error (AWS refused), rate_limited (the
 * tool's own limit), cancelled (the client cancelled while Vault was slow), plus the operator's tier
 * change and the gateway's start and stop. Every record must validate against
 * {@code docs/audit-record.schema.json}, each call must have exactly one record, and the set must
 * verify (chain and head). ({@code approval_timed_out}, {@code held}, {@code cancelled} while held and
 * {@code failed} with {@code internal_error}, an approval store that cannot be written, are driven by ApprovalsEndToEndTest.)
 */
class AuditOutcomesEndToEndTest {
    static final String ADMIN_KEY = "admin-" + UUID.randomUUID();
    static TestStack stack;
    static Vertx vertx;
    static Path auditFile;
    static FaultProxy vaultProxy;
    static final Map<String, String> expected = new HashMap<>(); // call id -> outcome
    static List<JsonObject> records;
    static String cancelledReason;
    static JsonObject healthHead;
    static final String PROMPT = "prompt text " + UUID.randomUUID();

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @BeforeAll
    static void driveEveryOutcome(@TempDir Path dir) throws Exception {
        stack = TestStack.get();
        vertx = Vertx.vertx();
        auditFile = dir.resolve("attribution.jsonl");
        vaultProxy = new FaultProxy(freePort(), stack.config.vault().address().getPort()).start();
        GatewayConfig base = stack.gatewayConfig(auditFile, new AuditSettings(PromptStorage.NONE, 40, Rotation.NEVER),
                AdminSettings.withKey(ADMIN_KEY));
        VaultSettings v = base.vault();
        ResilienceSettings defaults = base.resilience();
        ResilienceSettings limited = new ResilienceSettings(defaults.circuitBreaker(), defaults.retry(), defaults.perAgent(),
                defaults.perTool(), defaults.maxConcurrent(), Map.of("dynamodb_query_orders",
                        new ResilienceSettings.ToolOverride(null, null, new ResilienceSettings.Limit(1, Duration.ofMinutes(10)))));
        GatewayConfig config = base.withResilience(limited).withVault(new VaultSettings(URI.create(vaultProxy.url()), v.appRolePath(),
                v.roleId(), v.secretIdFile(), v.secretIdEnv(), v.awsMount(), v.credentialTtl(), Duration.ofSeconds(20)));
        Gateway gateway = Gateway.start(vertx, config, SuiteOutputs.hooks()).await(30, TimeUnit.SECONDS);
        String token = stack.token(vertx, "outcome-agent", List.of("dev-agents"), 30);
        try (McpAgent agent = new McpAgent(gateway.port(), token)) {
            expected.put(callId(agent.call("whoami", Map.of())), "served");
            expected.put(callId(agent.callWithIntent("whoami", Map.of(), "check identity", "TASK-N", PROMPT)), "served");
            expected.put(callId(agent.call("s3_read_object", Map.of("bucket", "jitgate-demo", "key", 5))), "invalid");
            expected.put(callId(agent.call("s3_list_objects", Map.of("bucket", "some-other-bucket"))), "upstream_error");
            expected.put(callId(agent.call("dynamodb_query_orders", Map.of("customerId", "cust-001"))), "served");
            expected.put(callId(agent.call("dynamodb_query_orders", Map.of("customerId", "cust-002"))), "rate_limited");
            assertThatThrownBy(() -> agent.call("s3_write_object", Map.of("bucket", "jitgate-demo", "key", "k", "text", "t")))
                    .as("no stated intent: the policy denies it").isInstanceOf(McpError.class);
            assertThatThrownBy(() -> agent.call("no_such_tool", Map.of())).isInstanceOf(McpError.class);
            HttpResponse<String> tier = admin(gateway.port(), "PUT", "/admin/tiers/dynamodb_get_customer",
                    "{\"tier\":\"deny\",\"operator\":\"ops-carol\"}");
            assertThat(tier.statusCode()).as(tier.body()).isEqualTo(200);
            expected.put(callId(agent.call("dynamodb_get_customer", Map.of("customerId", "cust-001"))), "denied");
        }
        assertThat(AuditTrailEndToEndTest.post(gateway.port(), null).statusCode()).as("no token").isEqualTo(401);
        cancelledReason = cancelWhileVaultIsSlow(gateway.port(), token);
        healthHead = new JsonObject(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .getJsonObject("auditLog").getJsonObject("head");
        gateway.stop().await(10, TimeUnit.SECONDS);
        vaultProxy.close();
        records = new ArrayList<>();
        for (AuditFileSet.Member m : AuditFileSet.members(auditFile)) {
            Files.readAllLines(m.path()).forEach(l -> records.add(new JsonObject(l)));
        }
    }

    /**
     * Opens a raw session, starts a whoami call while every request to Vault is held for 4 s, and
     * cancels it (repeating the cancel until the call ends, so it does not matter when the call was
     * registered): the cancel is honoured before the execute stage.
     */
    static String cancelWhileVaultIsSlow(int port, String token) throws Exception {
        HttpMcp raw = new HttpMcp(port, token);
        String session = raw.initialize("2025-11-25");
        raw.post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        vaultProxy.delay(Duration.ofSeconds(4));
        HttpRequest call = HttpRequest.newBuilder(URI.create(raw.url)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").header("Authorization", "Bearer " + token)
                .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{}}}"))
                .build();
        CompletableFuture<HttpResponse<String>> slow = HttpClient.newHttpClient().sendAsync(call, HttpResponse.BodyHandlers.ofString());
        String reason = "the user gave up " + UUID.randomUUID();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!slow.isDone() && System.nanoTime() < end) {
            raw.post(session, new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/cancelled")
                    .put("params", new JsonObject().put("requestId", 77).put("reason", reason)).encode());
            Thread.sleep(200);
        }
        vaultProxy.forward();
        slow.get(30, TimeUnit.SECONDS);
        return reason;
    }

    static HttpResponse<String> admin(int port, String method, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<JsonObject> records() {
        return records;
    }

    static List<JsonObject> toolCalls() {
        return records.stream().filter(r -> "tool_call".equals(r.getString("kind"))).toList();
    }

    @Test
    void everyRecordOfEveryOutcomeMatchesTheSchema() throws Exception {
        RecordSchema schema = RecordSchema.load();
        for (JsonObject r : records) {
            assertThat(schema.problem(r)).as("record %s", r.encode()).isEmpty();
        }
        Set<String> outcomes = new TreeSet<>();
        toolCalls().forEach(r -> outcomes.add(r.getString("outcome") + ":" + r.getString("reason")));
        assertThat(outcomes).contains("served:ok", "invalid:invalid_arguments", "invalid:unknown_tool", "upstream_error:aws_error",
                "rate_limited:rate_limited", "denied:policy_denied", "denied:tier_denied", "denied:unauthenticated",
                "cancelled:cancelled");
        Set<String> kinds = new TreeSet<>();
        records.forEach(r -> kinds.add(r.getString("kind") + ("operator_action".equals(r.getString("kind")) ? ":" + r.getString("action") : "")));
        assertThat(kinds).contains("gateway_started", "gateway_stopped", "operator_action:catalog_loaded",
                "operator_action:policies_loaded", "operator_action:tier_changed");
        JsonObject tier = records.stream().filter(r -> "tier_changed".equals(r.getString("action"))).findFirst().orElseThrow();
        assertThat(tier.getString("actor")).isEqualTo("ops-carol");
        assertThat(tier.getString("subject")).isEqualTo("dynamodb_get_customer");
    }

    @Test
    void eachCallHasExactlyOneRecordWithItsOutcome() {
        Map<String, Long> perCall = new HashMap<>();
        toolCalls().forEach(r -> perCall.merge(r.getString("callId"), 1L, Long::sum));
        assertThat(perCall.values()).as("records per call id").containsOnly(1L);
        expected.forEach((callId, outcome) -> {
            JsonObject r = toolCalls().stream().filter(c -> callId.equals(c.getString("callId"))).findFirst().orElseThrow();
            assertThat(r.getString("outcome")).as("call %s (%s)", callId, r.getString("reason")).isEqualTo(outcome);
        });
    }

    @Test
    void theCancelledCallReachedNoAwsAndSaysWhy() {
        JsonObject cancelled = toolCalls().stream().filter(r -> "cancelled".equals(r.getString("outcome"))).findFirst().orElseThrow();
        assertThat(cancelled.getString("tool")).isEqualTo("whoami");
        assertThat(cancelled.getString("detail")).contains(cancelledReason).contains("before stage execute");
        assertThat(cancelled.getJsonObject("aws").getString("requestId")).isNull();
        assertThat(cancelled.getJsonObject("stagesMs").containsKey("execute")).isFalse();
    }

    @Test
    void theSetVerifiesAndTheQueryFindsEachOutcome() throws Exception {
        AuditVerifier.Result result = AuditVerifier.verifySet(AuditFileSet.members(auditFile));
        assertThat(result.ok()).as(result.describe(auditFile)).isTrue();
        assertThat(result.head()).isPresent();
        // /healthz showed the head before the stop: record N of the set, with record N's hash
        long records = healthHead.getLong("records");
        assertThat(records).isBetween(1L, records().size() - 1L);
        assertThat(healthHead.getString("hash")).isEqualTo(records().get((int) records - 1).getString("hash"));
        for (String outcome : List.of("served", "denied", "invalid", "upstream_error", "rate_limited", "cancelled")) {
            CliRunner.Result q = CliRunner.run("audit", "query", auditFile.toString(), "--outcome", outcome, "--format", "json");
            assertThat(q.exit()).as(q.err()).isZero();
            List<JsonObject> found = q.out().lines().map(JsonObject::new).toList();
            assertThat(found).as(outcome).isNotEmpty().allMatch(r -> outcome.equals(r.getString("outcome")));
        }
        assertThat(Optional.ofNullable(CliRunner.run("audit", "query", auditFile.toString(), "--outcome", "sometimes").err()))
                .hasValueSatisfying(err -> assertThat(err).contains("outcome must be one of"));
    }

    @Test
    void promptStorageNoneKeepsOnlyThatThereWasAPrompt() throws Exception {
        JsonObject intent = toolCalls().stream().filter(r -> "TASK-N".equals(r.getJsonObject("intent").getString("taskId")))
                .findFirst().orElseThrow().getJsonObject("intent");
        assertThat(intent).isEqualTo(new JsonObject().put("purpose", "check identity").put("taskId", "TASK-N").putNull("prompt")
                .put("promptGiven", true).put("promptStorage", "none"));
        assertThat(Files.readString(auditFile)).doesNotContain(PROMPT);
    }

    @AfterAll
    static void close() {
        vertx.close();
    }
}
