package io.jitgate.e2e;

import io.jitgate.Gateway;
import io.jitgate.admin.AdminSettings;
import io.jitgate.approvals.ApprovalSettings;
import io.jitgate.audit.AuditSettings;
import io.jitgate.config.GatewayConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** What the approval tests share: a gateway with an admin key, calls that wait on SSE, the admin API, the records. */
final class HeldCalls {
    static final String KEY = "operator-key-for-the-approval-tests-0123456789";
    /**
     * HTTP/1.1: JDK 17's client upgrades to h2c and then fails every stream of the connection when a
     * GOAWAY arrives, even a stream whose answer is complete; the restart test stops a
     * gateway while a released call's stream shares the connection with admin requests.
     */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HeldCalls() {
    }

    static GatewayConfig config(TestStack stack, Path auditFile, ApprovalSettings approvals) {
        return stack.gatewayConfig(auditFile, AuditSettings.DEFAULTS, AdminSettings.withKey(KEY)).withApprovals(approvals);
    }

    static HttpResponse<String> admin(Gateway gateway, String method, String path, JsonObject body, String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> decide(Gateway gateway, String id, String decision, String operator, String comment) throws Exception {
        return admin(gateway, "POST", "/admin/approvals/" + id + "/" + decision,
                new JsonObject().put("operator", operator).put("comment", comment), KEY);
    }

    static JsonArray pending(Gateway gateway) throws Exception {
        return new JsonObject(admin(gateway, "GET", "/admin/approvals", null, KEY).body()).getJsonArray("approvals");
    }

    /** Waits until an approval matching {@code which} is pending (no time limit of its own: the test's timeout applies). */
    static JsonObject awaitPending(Gateway gateway, Predicate<JsonObject> which) throws Exception {
        while (true) {
            for (Object a : pending(gateway)) {
                if (which.test((JsonObject) a)) {
                    return (JsonObject) a;
                }
            }
            Thread.sleep(50);
        }
    }

    /** The params of a tools/call with intent; {@code meta} extras (progressToken, approval id) are added to its _meta. */
    static JsonObject call(String tool, JsonObject arguments, JsonObject meta) {
        JsonObject m = new JsonObject().put("purpose", "publish the weekly report").put("taskId", "TASK-7")
                .put("prompt", "write the weekly report to the reports folder");
        if (meta != null) {
            m.mergeIn(meta);
        }
        return new JsonObject().put("name", tool).put("arguments", arguments).put("_meta", m);
    }

    /** The JSON-RPC id of the call {@link #sendStreaming} sends (what a {@code notifications/cancelled} names). */
    static final int STREAMING_REQUEST_ID = 7;

    /** Sends a tools/call that asks for progress (so it is answered as SSE); the future completes when the stream ends. */
    static CompletableFuture<HttpResponse<String>> sendStreaming(HttpMcp mcp, String session, JsonObject params) {
        String body = new JsonObject().put("jsonrpc", "2.0").put("id", STREAMING_REQUEST_ID).put("method", "tools/call").put("params", params).encode();
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(mcp.url)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").header("Authorization", "Bearer " + mcp.token)
                .header("Mcp-Session-Id", session).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON messages of an SSE body (a priming event, with empty data, carries none). */
    static List<JsonObject> events(String sse) {
        List<JsonObject> out = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ") && !line.substring(6).isBlank()) {
                out.add(new JsonObject(line.substring(6)));
            }
        }
        return out;
    }

    /** The final response of an SSE body (the message with an id and a result or error). */
    static JsonObject finalResult(String sse) {
        List<JsonObject> all = events(sse);
        JsonObject last = all.get(all.size() - 1);
        SuiteOutputs.RESPONSES.add(last.encode());
        return last.getJsonObject("result");
    }

    static JsonObject rpcResult(HttpMcp mcp, String session, JsonObject params) throws Exception {
        JsonObject answer = mcp.rpc(session, "tools/call", params);
        SuiteOutputs.RESPONSES.add(answer.encode());
        return answer.getJsonObject("result");
    }

    static String reason(JsonObject result) {
        return result.getJsonObject("_meta").getString("jitgate/reason");
    }

    static List<JsonObject> records(Path auditFile) throws Exception {
        return Files.readAllLines(auditFile).stream().map(JsonObject::new).toList();
    }

    static JsonObject callRecord(Path auditFile, String callId) throws Exception {
        return records(auditFile).stream().filter(r -> callId.equals(r.getString("callId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no record of call " + callId));
    }

    static void assertSchema(Path auditFile) throws Exception {
        io.jitgate.audit.RecordSchema schema = io.jitgate.audit.RecordSchema.load();
        for (JsonObject record : records(auditFile)) {
            org.assertj.core.api.Assertions.assertThat(schema.problem(record)).as(record.encode()).isEmpty();
        }
    }
}
