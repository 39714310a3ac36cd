package io.jitgate.e2e;

import static io.jitgate.e2e.HeldCalls.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.jitgate.approvals.ApprovalSettings;
import io.jitgate.cli.CliRunner;
import io.jitgate.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Held calls against the real stack: writes to {@code reports/} need an operator's approval (the
 * example policy's {@code @tier("approve")}). An operator approves (the call runs, once, and its
 * record names the approver), denies, or lets it time out; an approval covers exactly one call with
 * exactly its arguments; pending approvals survive a restart; the CLI lists and decides; a call
 * repeated while its approval is pending joins it; a waiting call its agent cancels withdraws its
 * approval; an approval store that cannot be written fails the call ({@code failed}) and nothing else.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ApprovalsEndToEndTest {
    TestStack stack;
    Vertx vertx;
    String agentToken;
    /** The call ids the gateway asked Vault credentials for. */
    final Set<String> issuedFor = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void setUp() throws Exception {
        stack = TestStack.get();
        vertx = Vertx.vertx();
        agentToken = stack.token(vertx, "report-agent", List.of("dev-agents"), 30);
    }

    @AfterEach
    void tearDown() {
        vertx.close();
    }

    Gateway start(GatewayConfig config) throws Exception {
        return Gateway.start(vertx, config, SuiteOutputs.hooks((callId, credentials) -> issuedFor.add(callId))).await(30, TimeUnit.SECONDS);
    }

    static JsonObject report(String key) {
        return new JsonObject().put("bucket", "jitgate-demo").put("key", key).put("text", "weekly numbers: 42");
    }

    String readBack(String key) throws Exception {
        ResponseBytes<GetObjectResponse> bytes = stack.s3(stack.rootIssued("s3-read-object"))
                .getObjectAsBytes(b -> b.bucket("jitgate-demo").key(key));
        return bytes.asString(StandardCharsets.UTF_8);
    }

    @Test
    void aHeldCallWaitsRunsOnceApprovedAndItsRecordNamesTheApprover(@TempDir Path dir) throws Exception {
        Path auditFile = dir.resolve("attribution.jsonl");
        Gateway gateway = start(HeldCalls.config(stack, auditFile, ApprovalSettings.DEFAULTS));
        HttpMcp mcp = new HttpMcp(gateway.port(), agentToken);
        String session = mcp.initialize("2025-11-25");
        String key = "reports/" + UUID.randomUUID() + ".txt";
        JsonObject params = HeldCalls.call("s3_write_object", report(key), new JsonObject().put("progressToken", "p-1"));

        CompletableFuture<HttpResponse<String>> waiting = HeldCalls.sendStreaming(mcp, session, params);
        JsonObject held = HeldCalls.awaitPending(gateway, a -> key.equals(a.getJsonObject("arguments").getString("key")));
        assertThat(held.getString("agent")).isEqualTo("report-agent");
        assertThat(held.getString("user")).isEqualTo("alice");
        assertThat(held.getString("tool")).isEqualTo("s3_write_object");
        assertThat(held.getString("tier")).isEqualTo("approve");
        assertThat(held.getJsonObject("arguments").getString("text")).as("sensitive arguments are redacted").isEqualTo("[redacted]");
        assertThat(held.getJsonObject("intent").getString("purpose")).isEqualTo("publish the weekly report");
        assertThat(held.getJsonObject("intent").getString("prompt")).isEqualTo("write the weekly report to the reports folder");
        String id = held.getString("id");
        assertThat(waiting).as("the agent's request stays open while the call is held").isNotDone();
        assertThat(issuedFor).as("no credentials before approval").doesNotContain(id);

        assertThat(HeldCalls.admin(gateway, "POST", "/admin/approvals/" + id + "/approve",
                new JsonObject().put("operator", "mallory"), agentToken).statusCode()).as("an agent's token").isEqualTo(401);
        HttpResponse<String> approved = HeldCalls.decide(gateway, id, "approve", "ops-alice", "report looks fine");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);

        String sse = waiting.get(60, TimeUnit.SECONDS).body();
        assertThat(HeldCalls.events(sse)).anySatisfy(e -> {
            assertThat(e.getString("method")).isEqualTo("notifications/progress");
            assertThat(e.getJsonObject("params").getString("message")).contains("waiting for an operator").contains(id);
        });
        JsonObject result = HeldCalls.finalResult(sse);
        assertThat(result.getBoolean("isError")).as(result.encode()).isFalse();
        assertThat(result.getJsonObject("_meta").getString("jitgate/callId")).isEqualTo(id);
        assertThat(readBack(key)).isEqualTo("weekly numbers: 42");
        assertThat(issuedFor).contains(id);

        HttpResponse<String> again = HeldCalls.decide(gateway, id, "deny", "ops-bob", null);
        assertThat(again.statusCode()).as("a decided call cannot be decided again").isEqualTo(409);
        JsonObject reuse = HeldCalls.rpcResult(mcp, session,
                HeldCalls.call("s3_write_object", report(key), new JsonObject().put("jitgate/approvalId", id)));
        assertThat(HeldCalls.reason(reuse)).as("an approval runs one call once").isEqualTo("approval_invalid");
        assertThat(reuse.getJsonArray("content").getJsonObject(0).getString("text")).contains("used already");
        gateway.stop().await(10, TimeUnit.SECONDS);

        JsonObject record = HeldCalls.callRecord(auditFile, id);
        assertThat(record.getString("outcome")).isEqualTo("served");
        assertThat(record.getString("tier")).isEqualTo("approve");
        JsonObject approval = record.getJsonObject("approval");
        assertThat(approval.getString("via")).isEqualTo("operator");
        assertThat(approval.getString("status")).isEqualTo("approved");
        assertThat(approval.getString("decidedBy")).isEqualTo("ops-alice");
        assertThat(approval.getString("comment")).isEqualTo("report looks fine");
        assertThat(approval.getString("decidedAt")).isNotNull();
        assertThat(record.getJsonObject("credentials")).isNotNull();
        JsonObject granted = HeldCalls.records(auditFile).stream().filter(r -> "approval_granted".equals(r.getString("action")))
                .findFirst().orElseThrow();
        assertThat(granted.getString("actor")).isEqualTo("ops-alice");
        assertThat(granted.getString("subject")).isEqualTo(id);
        HeldCalls.assertSchema(auditFile);
    }

    @Test
    void anAgentThatCannotWaitRetriesWithTheApprovalIdWhichCoversExactlyThatCallOnce(@TempDir Path dir) throws Exception {
        Path auditFile = dir.resolve("attribution.jsonl");
        Gateway gateway = start(HeldCalls.config(stack, auditFile, ApprovalSettings.DEFAULTS));
        String url = "http://127.0.0.1:" + gateway.port();
        HttpMcp mcp = new HttpMcp(gateway.port(), agentToken);
        String session = mcp.initialize("2025-11-25");
        String key = "reports/" + UUID.randomUUID() + ".txt";

        JsonObject first = HeldCalls.rpcResult(mcp, session, HeldCalls.call("s3_write_object", report(key), null));
        assertThat(HeldCalls.reason(first)).isEqualTo("approval_pending");
        String id = first.getJsonObject("_meta").getString("jitgate/approvalId");
        assertThat(id).isEqualTo(first.getJsonObject("_meta").getString("jitgate/callId"));
        assertThat(first.getJsonArray("content").getJsonObject(0).getString("text")).contains(id).contains("jitgate/approvalId");
        JsonObject stillPending = HeldCalls.rpcResult(mcp, session,
                HeldCalls.call("s3_write_object", report(key), new JsonObject().put("jitgate/approvalId", id)));
        assertThat(HeldCalls.reason(stillPending)).isEqualTo("approval_pending");
        assertThat(issuedFor).as("no credentials before approval").isEmpty();

        CliRunner.Result listed = CliRunner.run("approvals", "list", "--url", url, "--key", KEY);
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(id).contains("report-agent").contains("s3_write_object").contains(key)
                .contains("publish the weekly report").doesNotContain("weekly numbers");
        CliRunner.Result unknown = CliRunner.run("approvals", "approve", "no-such-approval", "--url", url, "--key", KEY, "--operator", "ops-bob");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown_approval").contains("no-such-approval");
        CliRunner.Result approve = CliRunner.run("approvals", "approve", id, "--url", url, "--key", KEY, "--operator", "ops-bob",
                "--comment", "ok for TASK-7");
        assertThat(approve.exit()).as(approve.err()).isZero();
        assertThat(approve.out()).contains(id).contains("approved").contains("ops-bob");
        CliRunner.Result twice = CliRunner.run("approvals", "deny", id, "--url", url, "--key", KEY, "--operator", "ops-bob");
        assertThat(twice.exit()).isEqualTo(1);
        assertThat(twice.err()).contains("already_decided");

        JsonObject otherArguments = HeldCalls.rpcResult(mcp, session, HeldCalls.call("s3_write_object",
                report(key).put("text", "other numbers"), new JsonObject().put("jitgate/approvalId", id)));
        assertThat(HeldCalls.reason(otherArguments)).as("other arguments").isEqualTo("approval_invalid");
        String otherAgentToken = stack.token(vertx, "other-agent", List.of("dev-agents"), 30);
        HttpMcp other = new HttpMcp(gateway.port(), otherAgentToken);
        JsonObject otherAgent = HeldCalls.rpcResult(other, other.initialize("2025-11-25"),
                HeldCalls.call("s3_write_object", report(key), new JsonObject().put("jitgate/approvalId", id)));
        assertThat(HeldCalls.reason(otherAgent)).as("another agent").isEqualTo("approval_invalid");
        assertThat(issuedFor).isEmpty();

        JsonObject reordered = new JsonObject().put("text", "weekly numbers: 42").put("key", key).put("bucket", "jitgate-demo");
        JsonObject run = HeldCalls.rpcResult(mcp, session,
                HeldCalls.call("s3_write_object", reordered, new JsonObject().put("jitgate/approvalId", id)));
        assertThat(run.getBoolean("isError")).as(run.encode()).isFalse();
        String runId = run.getJsonObject("_meta").getString("jitgate/callId");
        assertThat(readBack(key)).isEqualTo("weekly numbers: 42");
        JsonObject second = HeldCalls.rpcResult(mcp, session,
                HeldCalls.call("s3_write_object", report(key), new JsonObject().put("jitgate/approvalId", id)));
        assertThat(HeldCalls.reason(second)).as("a second call with the same approval").isEqualTo("approval_invalid");
        assertThat(issuedFor).containsExactly(runId);

        // a denial, with the operator's comment shown to the agent
        JsonObject deniedFirst = HeldCalls.rpcResult(mcp, session, HeldCalls.call("s3_write_object", report(key + ".2"), null));
        String deniedId = deniedFirst.getJsonObject("_meta").getString("jitgate/approvalId");
        assertThat(HeldCalls.decide(gateway, deniedId, "deny", "ops-carol", "not this week").statusCode()).isEqualTo(200);
        JsonObject denied = HeldCalls.rpcResult(mcp, session,
                HeldCalls.call("s3_write_object", report(key + ".2"), new JsonObject().put("jitgate/approvalId", deniedId)));
        assertThat(HeldCalls.reason(denied)).isEqualTo("approval_denied");
        assertThat(denied.getJsonArray("content").getJsonObject(0).getString("text")).contains("not this week");
        assertThat(HeldCalls.decide(gateway, "no-such-approval", "approve", "ops", null).statusCode()).isEqualTo(404);
        assertThat(HeldCalls.admin(gateway, "POST", "/admin/approvals/" + deniedId + "/approve", new JsonObject(), KEY).statusCode())
                .as("no operator named").isEqualTo(400);
        gateway.stop().await(10, TimeUnit.SECONDS);

        assertThat(HeldCalls.callRecord(auditFile, id).getString("outcome")).isEqualTo("held");
        JsonObject ran = HeldCalls.callRecord(auditFile, runId);
        assertThat(ran.getString("outcome")).isEqualTo("served");
        assertThat(ran.getJsonObject("approval").getString("id")).isEqualTo(id);
        assertThat(ran.getJsonObject("approval").getString("decidedBy")).isEqualTo("ops-bob");
        JsonObject deniedRecord = HeldCalls.callRecord(auditFile, denied.getJsonObject("_meta").getString("jitgate/callId"));
        assertThat(deniedRecord.getString("reason")).isEqualTo("approval_denied");
        assertThat(deniedRecord.getJsonObject("approval").getString("decidedBy")).isEqualTo("ops-carol");
        assertThat(deniedRecord.getJsonObject("approval").getString("comment")).isEqualTo("not this week");
        assertThat(deniedRecord.getJsonObject("credentials")).isNull();
        assertThat(HeldCalls.records(auditFile).stream().filter(r -> "approval_denied".equals(r.getString("action"))).toList())
                .singleElement().satisfies(r -> assertThat(r.getString("actor")).isEqualTo("ops-carol"));
        HeldCalls.assertSchema(auditFile);
    }

    @Test
    void aCallNobodyDecidesInTimeIsDenied(@TempDir Path dir) throws Exception {
        Path auditFile = dir.resolve("attribution.jsonl");
        Gateway gateway = start(HeldCalls.config(stack, auditFile,
                new ApprovalSettings(Duration.ofMinutes(15), Map.of("whoami", Duration.ofSeconds(1)))));
        HttpResponse<String> set = HeldCalls.admin(gateway, "PUT", "/admin/tiers/whoami",
                new JsonObject().put("tier", "approve").put("operator", "ops-alice"), KEY);
        assertThat(set.statusCode()).isEqualTo(200);
        HttpMcp mcp = new HttpMcp(gateway.port(), agentToken);
        String session = mcp.initialize("2025-11-25");
        HttpResponse<String> answer = HeldCalls.sendStreaming(mcp, session,
                HeldCalls.call("whoami", new JsonObject(), new JsonObject().put("progressToken", 5))).get(60, TimeUnit.SECONDS);
        JsonObject result = HeldCalls.finalResult(answer.body());
        assertThat(HeldCalls.reason(result)).isEqualTo("approval_timed_out");
        String id = result.getJsonObject("_meta").getString("jitgate/callId");
        assertThat(HeldCalls.decide(gateway, id, "approve", "ops-late", null).statusCode()).as("too late").isEqualTo(409);
        gateway.stop().await(10, TimeUnit.SECONDS);

        JsonObject record = HeldCalls.callRecord(auditFile, id);
        assertThat(record.getString("outcome")).isEqualTo("approval_timed_out");
        assertThat(record.getString("reason")).isEqualTo("approval_timed_out");
        assertThat(record.getJsonObject("approval").getString("decidedBy")).isEqualTo("system:approval-timeout");
        assertThat(record.getJsonObject("credentials")).isNull();
        assertThat(issuedFor).doesNotContain(id);
        assertThat(HeldCalls.records(auditFile)).anySatisfy(r -> {
            assertThat(r.getString("action")).isEqualTo("approval_timed_out");
            assertThat(r.getString("subject")).isEqualTo(id);
        });
        HeldCalls.assertSchema(auditFile);
    }

    @Test
    void aPendingApprovalSurvivesARestartAndTheAgentRetriesOnTheNewGateway(@TempDir Path dir) throws Exception {
        Path auditFile = dir.resolve("attribution.jsonl");
        GatewayConfig config = HeldCalls.config(stack, auditFile, ApprovalSettings.DEFAULTS);
        Gateway gateway = start(config);
        HttpMcp mcp = new HttpMcp(gateway.port(), agentToken);
        String key = "reports/" + UUID.randomUUID() + ".txt";
        String session = mcp.initialize("2025-11-25");
        CompletableFuture<HttpResponse<String>> waiting = HeldCalls.sendStreaming(mcp, session,
                HeldCalls.call("s3_write_object", report(key), new JsonObject().put("progressToken", "restart")));
        String id = HeldCalls.awaitPending(gateway, a -> key.equals(a.getJsonObject("arguments").getString("key"))).getString("id");
        gateway.stop().await(10, TimeUnit.SECONDS);
        JsonObject released = HeldCalls.finalResult(waiting.get(60, TimeUnit.SECONDS).body());
        assertThat(HeldCalls.reason(released)).as("the waiting call is told it stays held").isEqualTo("approval_pending");
        assertThat(released.getJsonObject("_meta").getString("jitgate/approvalId")).isEqualTo(id);

        Gateway restarted = start(config);
        assertThat(HeldCalls.pending(restarted).stream().map(a -> ((JsonObject) a).getString("id"))).containsExactly(id);
        HttpMcp again = new HttpMcp(restarted.port(), agentToken);
        String newSession = again.initialize("2025-11-25");
        CompletableFuture<HttpResponse<String>> retry = HeldCalls.sendStreaming(again, newSession,
                HeldCalls.call("s3_write_object", report(key), new JsonObject().put("progressToken", "retry").put("jitgate/approvalId", id)));
        // approved while the retry waits, or before it arrives: either way it runs once
        assertThat(HeldCalls.decide(restarted, id, "approve", "ops-dave", "after the restart").statusCode()).isEqualTo(200);
        JsonObject result = HeldCalls.finalResult(retry.get(60, TimeUnit.SECONDS).body());
        assertThat(result.getBoolean("isError")).as(result.encode()).isFalse();
        assertThat(readBack(key)).isEqualTo("weekly numbers: 42");
        restarted.stop().await(10, TimeUnit.SECONDS);

        JsonObject record = HeldCalls.callRecord(auditFile, result.getJsonObject("_meta").getString("jitgate/callId"));
        assertThat(record.getJsonObject("approval").getString("id")).isEqualTo(id);
        assertThat(record.getJsonObject("approval").getString("decidedBy")).isEqualTo("ops-dave");
        HeldCalls.assertSchema(auditFile);
    }

    @Test
    void cancellingAHeldCallEndsItAtOnceAndWithdrawsItsApproval(@TempDir Path dir) throws Exception {
        Path auditFile = dir.resolve("attribution.jsonl");
        Gateway gateway = start(HeldCalls.config(stack, auditFile, ApprovalSettings.DEFAULTS));
        String url = "http://127.0.0.1:" + gateway.port();
        HttpMcp mcp = new HttpMcp(gateway.port(), agentToken);
        String session = mcp.initialize("2025-11-25");
        String key = "reports/" + UUID.randomUUID() + ".txt";
        CompletableFuture<HttpResponse<String>> waiting = HeldCalls.sendStreaming(mcp, session,
                HeldCalls.call("s3_write_object", report(key), new JsonObject().put("progressToken", "cancel-me")));
        String id = HeldCalls.awaitPending(gateway, a -> key.equals(a.getJsonObject("arguments").getString("key"))).getString("id");

        String why = "the user closed the chat " + UUID.randomUUID();
        HttpResponse<String> cancel = mcp.post(session, new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/cancelled")
                .put("params", new JsonObject().put("requestId", HeldCalls.STREAMING_REQUEST_ID).put("reason", why)).encode());
        assertThat(cancel.statusCode()).isEqualTo(202);
        // the approval timeout is 15 minutes: only the cancel can end the call within the test's timeout
        JsonObject ended = HeldCalls.finalResult(waiting.get(60, TimeUnit.SECONDS).body());
        assertThat(HeldCalls.reason(ended)).isEqualTo("cancelled");
        assertThat(ended.getJsonArray("content").getJsonObject(0).getString("text")).contains("cancelled").contains("withdrawn");

        HttpResponse<String> shown = HeldCalls.admin(gateway, "GET", "/admin/approvals/" + id, null, KEY);
        JsonObject approval = new JsonObject(shown.body());
        assertThat(approval.getString("status")).isEqualTo("withdrawn");
        assertThat(approval.getString("decidedBy")).isEqualTo("agent:report-agent");
        assertThat(approval.getString("comment")).contains(why);
        assertThat(HeldCalls.pending(gateway).stream().map(a -> ((JsonObject) a).getString("id"))).doesNotContain(id);
        CliRunner.Result listed = CliRunner.run("approvals", "list", "--status", "withdrawn", "--url", url, "--key", KEY);
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(id).contains("withdrawn").contains("agent:report-agent");

        HttpResponse<String> late = HeldCalls.decide(gateway, id, "approve", "ops-alice", null);
        assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
        assertThat(new JsonObject(late.body()).getString("error")).isEqualTo("approval_withdrawn");
        CliRunner.Result approve = CliRunner.run("approvals", "approve", id, "--url", url, "--key", KEY, "--operator", "ops-alice");
        assertThat(approve.exit()).isEqualTo(1);
        assertThat(approve.err()).contains("approval_withdrawn").contains("cancelled the call that waited for it").contains(why);
        JsonObject retry = HeldCalls.rpcResult(mcp, session,
                HeldCalls.call("s3_write_object", report(key), new JsonObject().put("jitgate/approvalId", id)));
        assertThat(HeldCalls.reason(retry)).as("a withdrawn approval runs nothing").isEqualTo("approval_invalid");
        assertThat(retry.getJsonArray("content").getJsonObject(0).getString("text")).contains("withdrawn");
        gateway.stop().await(10, TimeUnit.SECONDS);

        assertThat(HeldCalls.records(auditFile).stream().filter(r -> id.equals(r.getString("callId"))).toList())
                .as("one record of the cancelled call").singleElement().satisfies(record -> {
                    assertThat(record.getString("outcome")).isEqualTo("cancelled");
                    assertThat(record.getString("reason")).isEqualTo("cancelled");
                    assertThat(record.getString("detail")).contains(why).contains("withdrawn");
                    assertThat(record.getJsonObject("approval").getString("status")).isEqualTo("withdrawn");
                    assertThat(record.getJsonObject("approval").getString("decidedBy")).isEqualTo("agent:report-agent");
                    assertThat(record.getJsonObject("credentials")).isNull();
                    assertThat(record.getJsonObject("aws").getString("requestId")).isNull();
                });
        assertThat(issuedFor).as("nothing reached Vault or AWS").isEmpty();
        assertThat(HeldCalls.records(auditFile)).noneMatch(r -> "operator_action".equals(r.getString("kind"))
                && id.equals(r.getString("subject")));
        HeldCalls.assertSchema(auditFile);
    }

    @Test
    void aCallRepeatedWhileItsApprovalIsPendingJoinsItAndAsksAnewOnceItIsDecided(@TempDir Path dir) throws Exception {
        Path auditFile = dir.resolve("attribution.jsonl");
        Gateway gateway = start(HeldCalls.config(stack, auditFile, ApprovalSettings.DEFAULTS));
        HttpMcp mcp = new HttpMcp(gateway.port(), agentToken);
        String session = mcp.initialize("2025-11-25");
        String key = "reports/" + UUID.randomUUID() + ".txt";

        JsonObject first = HeldCalls.rpcResult(mcp, session, HeldCalls.call("s3_write_object", report(key), null));
        String id = first.getJsonObject("_meta").getString("jitgate/approvalId");
        JsonObject reordered = new JsonObject().put("text", "weekly numbers: 42").put("key", key).put("bucket", "jitgate-demo");
        JsonObject again = HeldCalls.rpcResult(mcp, session, HeldCalls.call("s3_write_object", reordered, null));
        assertThat(HeldCalls.reason(again)).isEqualTo("approval_pending");
        assertThat(again.getJsonObject("_meta").getString("jitgate/approvalId")).as("the pending approval, not a second one").isEqualTo(id);
        String againId = again.getJsonObject("_meta").getString("jitgate/callId");
        assertThat(againId).isNotEqualTo(id);
        assertThat(again.getJsonArray("content").getJsonObject(0).getString("text")).contains("already held").contains(id);
        JsonObject retried = HeldCalls.rpcResult(mcp, session,
                HeldCalls.call("s3_write_object", report(key), new JsonObject().put("jitgate/approvalId", id)));
        assertThat(HeldCalls.reason(retried)).as("a retry with the id, while pending").isEqualTo("approval_pending");
        String retriedId = retried.getJsonObject("_meta").getString("jitgate/callId");
        JsonObject other = HeldCalls.rpcResult(mcp, session, HeldCalls.call("s3_write_object", report(key + ".other"), null));
        assertThat(other.getJsonObject("_meta").getString("jitgate/approvalId")).as("other arguments").isNotEqualTo(id);
        assertThat(HeldCalls.pending(gateway).stream().map(a -> ((JsonObject) a).getJsonObject("arguments").getString("key"))
                .filter(key::equals)).as("one pending approval for the call").hasSize(1);

        assertThat(HeldCalls.decide(gateway, id, "deny", "ops-carol", "not now").statusCode()).isEqualTo(200);
        JsonObject afterDenial = HeldCalls.rpcResult(mcp, session, HeldCalls.call("s3_write_object", report(key), null));
        assertThat(HeldCalls.reason(afterDenial)).isEqualTo("approval_pending");
        String newId = afterDenial.getJsonObject("_meta").getString("jitgate/approvalId");
        assertThat(newId).as("decided: a new call asks anew").isNotEqualTo(id)
                .isEqualTo(afterDenial.getJsonObject("_meta").getString("jitgate/callId"));
        assertThat(HeldCalls.decide(gateway, newId, "approve", "ops-carol", null).statusCode()).isEqualTo(200);
        JsonObject run = HeldCalls.rpcResult(mcp, session,
                HeldCalls.call("s3_write_object", report(key), new JsonObject().put("jitgate/approvalId", newId)));
        assertThat(run.getBoolean("isError")).as(run.encode()).isFalse();
        JsonObject afterUse = HeldCalls.rpcResult(mcp, session, HeldCalls.call("s3_write_object", report(key), null));
        assertThat(afterUse.getJsonObject("_meta").getString("jitgate/approvalId")).as("used: a new call asks anew")
                .isNotIn(id, newId).isEqualTo(afterUse.getJsonObject("_meta").getString("jitgate/callId"));
        gateway.stop().await(10, TimeUnit.SECONDS);

        JsonObject joined = HeldCalls.callRecord(auditFile, againId);
        assertThat(joined.getString("outcome")).isEqualTo("held");
        assertThat(joined.getJsonObject("approval").getString("id")).isEqualTo(id);
        assertThat(joined.getJsonObject("approval").getString("status")).isEqualTo("pending");
        assertThat(joined.getString("detail")).contains("joined").contains(id);
        assertThat(HeldCalls.callRecord(auditFile, id).getString("detail")).doesNotContain("joined");
        assertThat(HeldCalls.callRecord(auditFile, retriedId).getString("detail")).as("a retry did not join, it presented the id")
                .doesNotContain("joined");
        HeldCalls.assertSchema(auditFile);
    }

    /**
     * The gateway's own fault, through the public interface: the approval store cannot be written
     * (a folder stands where its temporary file goes), so a call that must be held cannot be. The
     * call fails closed with outcome {@code failed}; the agent reads what happened, not how; nothing
     * half-held stays behind, and the gateway goes on serving, held calls too once the store works.
     */
    @Test
    void anApprovalStoreThatCannotBeWrittenFailsTheCallAndTheGatewayKeepsServing(@TempDir Path dir) throws Exception {
        Path auditFile = dir.resolve("attribution.jsonl");
        Gateway gateway = start(HeldCalls.config(stack, auditFile, ApprovalSettings.DEFAULTS));
        Path inTheWay = java.nio.file.Files.createDirectories(dir.resolve("approvals.json.tmp"));
        java.nio.file.Files.writeString(inTheWay.resolve("keep"), "a folder where the store writes its temporary file");
        HttpMcp mcp = new HttpMcp(gateway.port(), agentToken);
        String session = mcp.initialize("2025-11-25");
        String key = "reports/" + UUID.randomUUID() + ".txt";

        JsonObject failed = HeldCalls.rpcResult(mcp, session, HeldCalls.call("s3_write_object", report(key), null));
        assertThat(failed.getBoolean("isError")).isTrue();
        assertThat(HeldCalls.reason(failed)).isEqualTo("internal_error");
        String text = failed.getJsonArray("content").getJsonObject(0).getString("text");
        assertThat(text).contains("could not be held").contains("was not run")
                .doesNotContain("Exception").doesNotContain("at io.").doesNotContain(dir.toString()).doesNotContain("approvals.json");
        String failedId = failed.getJsonObject("_meta").getString("jitgate/callId");
        assertThat(failed.getJsonObject("_meta").containsKey("jitgate/approvalId")).isFalse();
        assertThat(HeldCalls.pending(gateway)).as("nothing half-held").isEmpty();
        assertThat(HeldCalls.admin(gateway, "GET", "/admin/approvals/" + failedId, null, KEY).statusCode()).isEqualTo(404);

        JsonObject served = HeldCalls.rpcResult(mcp, session, HeldCalls.call("whoami", new JsonObject(), null));
        assertThat(served.getBoolean("isError")).as(served.encode()).isFalse();
        java.nio.file.Files.delete(inTheWay.resolve("keep"));
        java.nio.file.Files.delete(inTheWay);
        JsonObject heldNow = HeldCalls.rpcResult(mcp, session, HeldCalls.call("s3_write_object", report(key), null));
        assertThat(HeldCalls.reason(heldNow)).as("the store works again").isEqualTo("approval_pending");
        gateway.stop().await(10, TimeUnit.SECONDS);

        JsonObject record = HeldCalls.callRecord(auditFile, failedId);
        assertThat(record.getString("outcome")).isEqualTo("failed");
        assertThat(record.getString("reason")).isEqualTo("internal_error");
        assertThat(record.getString("detail")).as("the operator learns the cause").contains("could not be held").contains("approvals.json.tmp");
        assertThat(record.getJsonObject("credentials")).isNull();
        assertThat(issuedFor).doesNotContain(failedId);
        assertThat(HeldCalls.records(auditFile).stream().filter(r -> failedId.equals(r.getString("callId")))).hasSize(1);
        HeldCalls.assertSchema(auditFile);
    }
}
