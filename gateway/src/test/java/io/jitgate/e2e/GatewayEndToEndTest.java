package io.jitgate.e2e;

import static io.jitgate.e2e.McpAgent.callId;
import static io.jitgate.e2e.McpAgent.structured;
import static io.jitgate.e2e.McpAgent.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitgate.Gateway;
import io.jitgate.audit.AuditVerifier;
import io.jitgate.credentials.IssuedCredentials;
import io.jitgate.stages.CredentialObserver;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The main job, end to end on the real stack: an agent (the official MCP Java SDK client) calls
 * each example tool; the gateway gets credentials from OpenBao for that call only, calls moto (which
 * enforces authentication and IAM policies), and writes the attribution record.
 */
class GatewayEndToEndTest {
    static final String BUCKET = "jitgate-demo";
    static TestStack stack;
    static Vertx vertx;
    static Gateway gateway;
    static McpAgent agent;
    static Path auditFile;
    /** Credentials seen by the test-only hook, by call id: never through anything an agent can reach. */
    static final Map<String, IssuedCredentials> issued = new ConcurrentHashMap<>();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        stack = TestStack.get();
        vertx = Vertx.vertx();
        auditFile = dir.resolve("attribution.jsonl");
        CredentialObserver observer = issued::put;
        gateway = Gateway.start(vertx, stack.gatewayConfig(auditFile), SuiteOutputs.hooks(observer)).await(30, TimeUnit.SECONDS);
        agent = new McpAgent(gateway.port(), stack.token(vertx, "e2e-agent", List.of("dev-agents"), 30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (gateway != null) {
            gateway.stop().await(10, TimeUnit.SECONDS);
        }
        vertx.close();
    }

    static List<JsonObject> records() throws Exception {
        List<JsonObject> out = new ArrayList<>();
        for (String line : Files.readAllLines(auditFile)) {
            out.add(new JsonObject(line));
        }
        return out;
    }

    static JsonObject record(String callId) throws Exception {
        return records().stream().filter(r -> callId.equals(r.getString("callId"))).findFirst().orElseThrow(
                () -> new AssertionError("no attribution record for call " + callId));
    }

    @Test
    void theAgentSeesEveryExampleTool() {
        List<String> names = agent.client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        assertThat(names).containsExactlyInAnyOrder("s3_list_objects", "s3_read_object", "s3_write_object",
                "dynamodb_get_customer", "dynamodb_query_orders", "sqs_send_message", "sqs_receive_messages", "whoami", "whoami_iam_user");
    }

    @Test
    void s3ToolsListReadAndWriteRealObjects() throws Exception {
        McpSchema.CallToolResult list = agent.call("s3_list_objects", Map.of("bucket", BUCKET, "prefix", "reports/"));
        assertThat(list.isError()).isFalse();
        assertThat(structured(list).get("objects").toString()).contains("reports/2026-q3.txt", "reports/2026-q4.txt")
                .doesNotContain("readme.txt");

        McpSchema.CallToolResult read = agent.call("s3_read_object", Map.of("bucket", BUCKET, "key", "readme.txt"));
        assertThat(read.isError()).isFalse();
        assertThat(text(read)).isEqualTo("This bucket holds the jitgate demo data.\n");

        String key = "agent-notes/" + UUID.randomUUID() + ".txt";
        String body = "written by the e2e test ✓";
        McpSchema.CallToolResult write = agent.callWithIntent("s3_write_object", Map.of("bucket", BUCKET, "key", key, "text", body),
                "save notes", "TASK-1", "please save my notes");
        assertThat(write.isError()).as(text(write)).isFalse();
        // Look in moto with credentials of our own, not through the gateway.
        try (S3Client s3 = stack.s3(stack.rootIssued("s3-read-object"))) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String()).isEqualTo(body);
        }
    }

    @Test
    void dynamoDbToolsReadTheItemsBootstrapStored() {
        McpSchema.CallToolResult customer = agent.call("dynamodb_get_customer", Map.of("customerId", "cust-001"));
        assertThat(customer.isError()).isFalse();
        assertThat(structured(customer).get("item").toString()).contains("Ada Lovelace", "gold");

        McpSchema.CallToolResult orders = agent.call("dynamodb_query_orders", Map.of("customerId", "cust-001"));
        assertThat(structured(orders).get("count")).isEqualTo(2);
        assertThat(structured(orders).get("items").toString()).contains("ord-1001", "ord-1002").doesNotContain("ord-2001");
    }

    @Test
    void aMessageSentIsReceived() {
        String body = "event " + UUID.randomUUID();
        McpSchema.CallToolResult sent = agent.callWithIntent("sqs_send_message", Map.of("body", body), "notify", "TASK-2", "tell ops");
        assertThat(sent.isError()).as(text(sent)).isFalse();
        boolean seen = false;
        for (int attempt = 0; attempt < 10 && !seen; attempt++) {
            McpSchema.CallToolResult received = agent.call("sqs_receive_messages", Map.of("maxMessages", 10));
            assertThat(received.isError()).isFalse();
            seen = structured(received).get("messages").toString().contains(body);
        }
        assertThat(seen).as("the message sent through the gateway was received through it").isTrue();
    }

    @Test
    void whoamiRunsWithTheToolsOwnRoleAndEveryCallGetsFreshKeys() throws Exception {
        McpSchema.CallToolResult first = agent.call("whoami", Map.of());
        McpSchema.CallToolResult second = agent.call("whoami", Map.of());
        assertThat(structured(first).get("arn").toString()).contains(":assumed-role/jitgate-tool-whoami/");
        String firstKey = record(callId(first)).getJsonObject("credentials").getString("accessKeyId");
        String secondKey = record(callId(second)).getJsonObject("credentials").getString("accessKeyId");
        assertThat(firstKey).isNotBlank().isNotEqualTo(secondKey);
        assertThat(issued.get(callId(first)).accessKeyId()).isEqualTo(firstKey);
    }

    @Test
    void whoamiReportsTheCallsRoleSessionName() throws Exception {
        Assumptions.assumeFalse("fallback".equals(stack.awsEngine()),
                "the fallback AWS engine (Vault 1.1.2) ignores role_session_name; the pinned OpenBao plugin is not served here");
        McpSchema.CallToolResult result = agent.call("whoami", Map.of());
        String sessionName = record(callId(result)).getJsonObject("credentials").getString("roleSessionName");
        assertThat(structured(result).get("arn").toString()).endsWith("/" + sessionName);
    }

    @Test
    void aReadOnlyToolsCredentialsAreRefusedByAwsForAWrite() {
        McpSchema.CallToolResult read = agent.call("s3_read_object", Map.of("bucket", BUCKET, "key", "readme.txt"));
        IssuedCredentials credentials = issued.get(callId(read));
        assertThat(credentials).as("credentials seen through the test hook").isNotNull();
        AwsSessionCredentials held = heldCredentials(credentials);
        try (S3Client s3 = stack.s3(held)) {
            // Positive control: the same credentials do read, so the refusal below is about the action.
            assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("readme.txt")).asUtf8String()).startsWith("This bucket");
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket(BUCKET).key("forbidden.txt"), RequestBody.fromString("x")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
    }

    @Test
    void aToolsRoleReachesOnlyItsDeclaredResources() {
        McpSchema.CallToolResult other = agent.call("s3_list_objects", Map.of("bucket", "some-other-bucket"));
        assertThat(other.isError()).isTrue();
        assertThat(text(other)).contains("AccessDenied");
        assertThat(other.meta().get("jitgate/reason")).isEqualTo("aws_error");
    }

    private static AwsSessionCredentials heldCredentials(IssuedCredentials credentials) {
        var resolved = credentials.provider().resolveCredentials();
        return (AwsSessionCredentials) resolved;
    }

    @Test
    void refusalsObtainNoCredentials() throws Exception {
        long before = stack.openBaoCredentialRequests();
        int hooked = issued.size();

        McpSchema.CallToolResult invalid = agent.call("s3_read_object", Map.of("bucket", BUCKET, "key", 12345));
        assertThat(invalid.isError()).isTrue();
        assertThat(text(invalid)).contains("key: Instance type number is invalid. Expected string");
        assertThat(invalid.meta().get("jitgate/reason")).isEqualTo("invalid_arguments");

        assertThatThrownBy(() -> agent.call("s3_write_object", Map.of("bucket", BUCKET, "key", "k", "text", "no intent")))
                .isInstanceOf(McpError.class).hasMessageContaining("Unknown tool: s3_write_object");
        assertThatThrownBy(() -> agent.call("no_such_tool", Map.of()))
                .isInstanceOf(McpError.class).hasMessageContaining("Unknown tool: no_such_tool");

        McpSchema.CallToolResult held = agent.callWithIntent("s3_write_object",
                Map.of("bucket", BUCKET, "key", "reports/2027-q1.txt", "text", "draft"), "publish", "TASK-3", "publish the report");
        assertThat(held.isError()).isTrue();
        assertThat(held.meta().get("jitgate/reason")).as("a policy's @tier raised the tier to approve: held for an operator")
                .isEqualTo("approval_pending");

        HttpResponse<String> noToken = rawCall(null);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer").contains("invalid_request");
        HttpResponse<String> expired = rawCall(stack.token(vertx, "e2e-agent", List.of("dev-agents"), -5));
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().firstValue("WWW-Authenticate")).get().asString().contains("invalid_token").contains("expired");

        assertThat(stack.openBaoCredentialRequests()).as("OpenBao's audit log: credential requests").isEqualTo(before);
        assertThat(issued).hasSize(hooked);
        List<String> reasons = records().stream().map(r -> r.getString("reason")).toList();
        assertThat(reasons).contains("invalid_arguments", "policy_denied", "unknown_tool", "unauthenticated", "approval_pending");
        JsonObject denied = records().stream().filter(r -> "policy_denied".equals(r.getString("reason"))).findFirst().orElseThrow();
        assertThat(denied.getJsonObject("credentials")).isNull();
        assertThat(denied.getString("tool")).isEqualTo("s3_write_object");
    }

    private static HttpResponse<String> rawCall(String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{}}}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyCallHasOneCompleteAttributionRecordAndTheChainDetectsEdits(@TempDir Path dir) throws Exception {
        McpSchema.CallToolResult write = agent.callWithIntent("s3_write_object",
                Map.of("bucket", BUCKET, "key", "attributed.txt", "text", "x"), "attribution check", "TASK-9", "write a file please");
        JsonObject record = record(callId(write));
        assertThat(record.getString("agent")).isEqualTo("e2e-agent");
        assertThat(record.getString("user")).isEqualTo("alice");
        assertThat(record.getString("session")).isNotBlank();
        assertThat(record.getString("tool")).isEqualTo("s3_write_object");
        assertThat(record.getJsonObject("arguments").getString("key")).isEqualTo("attributed.txt");
        assertThat(record.getJsonObject("intent")).isEqualTo(new JsonObject()
                .put("purpose", "attribution check").put("taskId", "TASK-9").put("prompt", "write a file please")
                .put("promptStorage", "whole"));
        assertThat(record.getJsonObject("arguments").getString("text")).as("a sensitive argument").isEqualTo("[redacted]");
        assertThat(record.getJsonObject("decision").getString("effect")).isEqualTo("allow");
        assertThat(record.getJsonObject("decision").getJsonArray("policyIds")).containsExactly("dev-agents-write-with-intent");
        JsonObject credentials = record.getJsonObject("credentials");
        assertThat(credentials.getString("vaultRole")).isEqualTo("s3-write-object");
        assertThat(credentials.getString("accessKeyId")).isNotBlank();
        assertThat(credentials.getString("roleSessionName")).isEqualTo("jitgate-" + callId(write));
        assertThat(credentials.containsKey("leaseId")).isTrue();
        assertThat(record.getJsonObject("aws").getString("service")).isEqualTo("s3");
        assertThat(record.getJsonObject("aws").getString("operation")).isEqualTo("PutObject");
        assertThat(record.getJsonObject("aws").getString("requestId")).isNotBlank();
        assertThat(record.getString("outcome")).isEqualTo("served");
        assertThat(record.getString("reason")).isEqualTo("ok");
        assertThat(record.getJsonObject("stagesMs").fieldNames()).containsExactlyInAnyOrder(
                "decode", "authenticate", "resolve", "validate", "authorize", "approve", "admit", "credentials", "execute");
        String line = Files.readAllLines(auditFile).stream().filter(l -> l.contains(callId(write))).findFirst().orElseThrow();
        assertThat(line).doesNotContain(issued.get(callId(write)).provider().resolveCredentials().secretAccessKey());

        assertThat(AuditVerifier.verify(auditFile).ok()).isTrue();
        List<String> lines = Files.readAllLines(auditFile);
        Path edited = dir.resolve("edited.jsonl");
        List<String> editedLines = new ArrayList<>(lines);
        int firstCall = 0;
        while (!editedLines.get(firstCall).contains("\"agent\":\"e2e-agent\"")) {
            firstCall++;
        }
        editedLines.set(firstCall, editedLines.get(firstCall).replace("\"agent\":\"e2e-agent\"", "\"agent\":\"someone-else\""));
        Files.write(edited, editedLines);
        assertThat(AuditVerifier.verify(edited).badLine()).contains(firstCall + 1L);
        Path deleted = dir.resolve("deleted.jsonl");
        List<String> deletedLines = new ArrayList<>(lines);
        deletedLines.remove(0);
        Files.write(deleted, deletedLines);
        assertThat(AuditVerifier.verify(deleted).ok()).isFalse();
    }
}
