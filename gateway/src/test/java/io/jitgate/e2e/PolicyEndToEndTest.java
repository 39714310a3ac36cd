package io.jitgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.jitgate.admin.AdminSettings;
import io.jitgate.audit.AuditSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example policies of {@code policies/} on the real stack (OpenBao, moto): decisions on arguments
 * (an S3 key prefix, a message size), on the agent's history within a task (counted by the gateway),
 * tools/list filtered by what an agent could call, a denial that reads like an unknown tool while the
 * attribution record keeps the reason and the deciding policy, and the admin explain endpoint.
 */
class PolicyEndToEndTest {
    static final String KEY = "operator-key-for-the-policy-test-0123456789";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    static Path dir;
    static Vertx vertx;
    static Gateway gateway;
    static Path auditFile;
    static HttpMcp dev;
    static String session;

    @BeforeAll
    static void start() throws Exception {
        TestStack stack = TestStack.get();
        vertx = Vertx.vertx();
        auditFile = dir.resolve("attribution.jsonl");
        gateway = Gateway.start(vertx, stack.gatewayConfig(auditFile, AuditSettings.DEFAULTS, AdminSettings.withKey(KEY)),
                SuiteOutputs.hooks()).await(30, TimeUnit.SECONDS);
        dev = new HttpMcp(gateway.port(), stack.token(vertx, "policy-agent", List.of("dev-agents"), 30));
        session = dev.initialize("2025-11-25");
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.stop().await(10, TimeUnit.SECONDS);
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    static JsonObject call(HttpMcp mcp, String tool, JsonObject arguments, String taskId) throws Exception {
        JsonObject params = new JsonObject().put("name", tool).put("arguments", arguments);
        if (taskId != null) {
            params.put("_meta", new JsonObject().put("purpose", "policy e2e").put("taskId", taskId).put("prompt", "exercise the policies"));
        }
        return mcp.rpc(session(mcp), "tools/call", params);
    }

    static String session(HttpMcp mcp) throws Exception {
        return mcp == dev ? session : mcp.initialize("2025-11-25");
    }

    static void assertServed(JsonObject response) {
        assertThat(response.containsKey("result")).as(response.encode()).isTrue();
        assertThat(response.getJsonObject("result").getBoolean("isError")).as(response.encode()).isFalse();
    }

    static void assertReadsLikeAnUnknownTool(JsonObject response, String tool) {
        assertThat(response.getJsonObject("error")).as(response.encode()).isNotNull();
        assertThat(response.getJsonObject("error").getInteger("code")).isEqualTo(-32602);
        assertThat(response.getJsonObject("error").getString("message")).isEqualTo("Unknown tool: " + tool);
    }

    /** The attribution record of the last call of {@code tool} in {@code taskId}. */
    static JsonObject record(String tool, String taskId) throws Exception {
        JsonObject found = null;
        for (String line : Files.readAllLines(auditFile)) {
            JsonObject r = new JsonObject(line);
            if (tool.equals(r.getString("tool")) && r.getJsonObject("intent") != null
                    && taskId.equals(r.getJsonObject("intent").getString("taskId"))) {
                found = r;
            }
        }
        assertThat(found).as("a record of " + tool + " in " + taskId).isNotNull();
        return found;
    }

    @Test
    void aWriteUnderAForbiddenKeyPrefixIsDeniedLikeAnUnknownToolAndTheRecordNamesThePolicy() throws Exception {
        String task = "E2E-PREFIX-" + UUID.randomUUID();
        assertReadsLikeAnUnknownTool(call(dev, "s3_write_object",
                new JsonObject().put("bucket", "jitgate-demo").put("key", "system/owned.txt").put("text", "no"), task), "s3_write_object");
        JsonObject denied = record("s3_write_object", task);
        assertThat(denied.getString("outcome")).isEqualTo("denied");
        assertThat(denied.getString("reason")).isEqualTo("policy_denied");
        assertThat(denied.getJsonObject("decision").getJsonArray("policyIds")).containsExactly("no-writes-under-system");
        assertThat(denied.getValue("credentials")).as("no credentials were issued").isNull();

        String other = "E2E-PREFIX-OK-" + UUID.randomUUID();
        assertServed(call(dev, "s3_write_object",
                new JsonObject().put("bucket", "jitgate-demo").put("key", "notes/policy-e2e.txt").put("text", "fine"), other));
        assertThat(record("s3_write_object", other).getJsonObject("decision").getJsonArray("policyIds"))
                .containsExactly("dev-agents-write-with-intent");
    }

    @Test
    void aMessageOverTheSizeLimitIsDeniedAndOneWithinItIsSent() throws Exception {
        String task = "E2E-SIZE-" + UUID.randomUUID();
        assertReadsLikeAnUnknownTool(call(dev, "sqs_send_message", new JsonObject().put("body", "é".repeat(2049)), task),
                "sqs_send_message");
        assertThat(record("sqs_send_message", task).getJsonObject("decision").getJsonArray("policyIds"))
                .containsExactly("messages-up-to-4kib");
        assertServed(call(dev, "sqs_send_message", new JsonObject().put("body", "é".repeat(2048)), task));
    }

    @Test
    void afterTwentyCallsInATaskItMayNoLongerWriteWhileAnotherTaskMay() throws Exception {
        String task = "E2E-HISTORY-" + UUID.randomUUID();
        JsonObject write = new JsonObject().put("bucket", "jitgate-demo").put("key", "notes/history.txt").put("text", "x");
        assertServed(call(dev, "s3_write_object", write, task));
        for (int i = 0; i < 19; i++) {
            assertServed(call(dev, "s3_read_object", new JsonObject().put("bucket", "jitgate-demo").put("key", "readme.txt"), task));
        }
        assertReadsLikeAnUnknownTool(call(dev, "s3_write_object", write, task), "s3_write_object");
        JsonObject denied = record("s3_write_object", task);
        assertThat(denied.getString("reason")).isEqualTo("policy_denied");
        assertThat(denied.getJsonObject("decision").getJsonArray("policyIds")).containsExactly("task-write-budget");
        assertServed(call(dev, "s3_read_object", new JsonObject().put("bucket", "jitgate-demo").put("key", "readme.txt"), task));
        assertServed(call(dev, "s3_write_object", write, "E2E-HISTORY-NEXT-" + UUID.randomUUID()));
    }

    @Test
    void toolsListShowsEachAgentOnlyWhatItCouldCall() throws Exception {
        TestStack stack = TestStack.get();
        assertThat(listed(dev)).hasSize(gateway.catalog().size());
        HttpMcp contractor = new HttpMcp(gateway.port(), stack.token(vertx, "policy-contractor", List.of("contractors"), 30));
        assertThat(listed(contractor)).containsExactly("dynamodb_query_orders");
        HttpMcp visitor = new HttpMcp(gateway.port(), stack.token(vertx, "policy-visitor", List.of("visitors"), 30));
        assertThat(listed(visitor)).isEmpty();
    }

    static Set<String> listed(HttpMcp mcp) throws Exception {
        JsonArray tools = mcp.rpc(session(mcp), "tools/list", new JsonObject()).getJsonObject("result").getJsonArray("tools");
        Set<String> names = new TreeSet<>();
        tools.forEach(t -> names.add(((JsonObject) t).getString("name")));
        return names;
    }

    static HttpResponse<String> explain(String body, String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/admin/policy/explain"))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theAdminApiExplainsACallWithoutRunningIt() throws Exception {
        long credentialRequests = TestStack.get().openBaoCredentialRequests();
        String reportWrite = """
                {"principal": {"agent": "a1", "user": "alice", "groups": ["dev-agents"]},
                 "tool": "s3_write_object", "arguments": {"bucket": "jitgate-demo", "key": "reports/q.txt", "text": "x"},
                 "intent": {"purpose": "publish", "taskId": "T-9"}}""";
        HttpResponse<String> allowed = explain(reportWrite, KEY);
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        JsonObject answer = new JsonObject(allowed.body());
        assertThat(answer.getString("decision")).isEqualTo("allow");
        assertThat(answer.getJsonArray("policyIds")).containsExactlyInAnyOrder("dev-agents-write-with-intent", "report-writes-need-approval");
        assertThat(answer.getString("tier")).isEqualTo("approve");
        assertThat(answer.getJsonObject("tiers").getString("definition")).isEqualTo("auto");
        assertThat(answer.getJsonObject("tiers").getString("raisedByPolicy")).isEqualTo("approve");
        assertThat(answer.getBoolean("listed")).isTrue();

        HttpResponse<String> weekend = explain("""
                {"principal": {"agent": "c1", "user": "carol", "groups": ["contractors"]}, "tool": "dynamodb_query_orders",
                 "arguments": {"customerId": "cust-001"}, "time": "2027-01-09T10:00:00Z"}""", KEY);
        JsonObject denied = new JsonObject(weekend.body());
        assertThat(denied.getString("decision")).isEqualTo("deny");
        assertThat(denied.getJsonArray("policyIds")).containsExactly("contractors-business-hours");
        assertThat(denied.getValue("tier")).isNull();

        HttpResponse<String> history = explain("""
                {"principal": {"agent": "a1", "user": "alice", "groups": ["dev-agents"]}, "tool": "s3_write_object",
                 "arguments": {"bucket": "jitgate-demo", "key": "notes/n.txt", "text": "x"},
                 "intent": {"purpose": "p", "taskId": "T-1"}, "taskCalls": 20}""", KEY);
        assertThat(new JsonObject(history.body()).getJsonArray("policyIds")).containsExactly("task-write-budget");

        // an operator's tier is part of the answer
        HttpResponse<String> set = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/admin/tiers/whoami"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"tier\":\"confirm\",\"operator\":\"ops\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        JsonObject whoami = new JsonObject(explain("""
                {"principal": {"agent": "a1", "user": "alice", "groups": ["dev-agents"]}, "tool": "whoami"}""", KEY).body());
        assertThat(whoami.getString("tier")).isEqualTo("confirm");
        assertThat(whoami.getJsonObject("tiers").getString("operator")).isEqualTo("confirm");

        assertThat(explain(reportWrite, dev.token).statusCode()).as("an agent's token").isEqualTo(401);
        HttpResponse<String> unknown = explain("{\"principal\": {\"agent\": \"a1\"}, \"tool\": \"no_such_tool\"}", KEY);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no_such_tool");
        HttpResponse<String> noAgent = explain("{\"tool\": \"whoami\"}", KEY);
        assertThat(noAgent.statusCode()).isEqualTo(400);
        assertThat(noAgent.body()).contains("principal.agent is required");
        HttpResponse<String> badTime = explain("{\"principal\": {\"agent\": \"a1\"}, \"tool\": \"whoami\", \"time\": \"monday\"}", KEY);
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(badTime.body()).contains("time must be an ISO-8601 instant");
        HttpResponse<String> badSource = explain("{\"principal\": {\"agent\": \"a1\"}, \"tool\": \"whoami\", \"sourceAddress\": \"evil.example\"}", KEY);
        assertThat(badSource.statusCode()).isEqualTo(400);
        assertThat(badSource.body()).contains("sourceAddress must be an IPv4 or IPv6 address, but was evil.example");
        HttpResponse<String> mixedSource = explain("{\"principal\": {\"agent\": \"a1\"}, \"tool\": \"whoami\", \"sourceAddress\": \"::ffff:10.0.0.1\"}", KEY);
        assertThat(mixedSource.statusCode()).as("an address form Cedar refuses").isEqualTo(400);
        HttpResponse<String> farTime = explain("{\"principal\": {\"agent\": \"a1\"}, \"tool\": \"whoami\", \"time\": \"+10000-01-01T00:00:00Z\"}", KEY);
        assertThat(farTime.statusCode()).isEqualTo(400);
        assertThat(farTime.body()).contains("time must be between 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z");
        assertThat(explain("[1]", KEY).statusCode()).isEqualTo(400);
        assertThat(TestStack.get().openBaoCredentialRequests()).as("explaining issues no credentials").isEqualTo(credentialRequests);
    }
}
