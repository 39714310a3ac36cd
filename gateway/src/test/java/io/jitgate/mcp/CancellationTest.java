package io.jitgate.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.audit.AuditSink;
import io.jitgate.auth.AgentPrincipal;
import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.Phase;
import io.jitgate.pipeline.Pipeline;
import io.jitgate.pipeline.Stage;
import io.jitgate.policy.PolicyDecision;
import io.jitgate.tools.ToolCatalog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** notifications/cancelled stops a call before its next stage: no credentials, no AWS, and the record says so. */
class CancellationTest {
    final List<JsonObject> records = new ArrayList<>();
    final List<Phase> ran = new ArrayList<>();
    final Promise<Void> authorizing = Promise.promise();

    final AuditSink audit = new AuditSink() {
        public Future<Void> append(JsonObject record) {
            records.add(record);
            return Future.succeededFuture();
        }

        public boolean healthy() {
            return true;
        }

        public void close() {
        }
    };

    Stage stage(Phase phase, Future<Void> gate) {
        return new Stage() {
            public Phase phase() {
                return phase;
            }

            public Future<CallContext> apply(CallContext call) {
                ran.add(phase);
                return gate.map(call);
            }
        };
    }

    @Test
    void aCancelSeenBeforeTheCredentialsStageStopsTheCall() throws Exception {
        Pipeline pipeline = new Pipeline(List.of(stage(Phase.AUTHORIZE, authorizing.future()),
                stage(Phase.CREDENTIALS, Future.succeededFuture()), stage(Phase.EXECUTE, Future.succeededFuture())), audit);
        McpMethods methods = new McpMethods(new ToolLister(() -> new ToolCatalog(List.of()),
                () -> request -> new PolicyDecision(true, List.of(), List.of()), 10), pipeline, 1 << 20);
        SessionRegistry sessions = new SessionRegistry(new SessionIds(SessionIds.randomKey()), Duration.ofHours(1), Clock.systemUTC());
        SessionState session = sessions.open("agent", "2025-11-25");
        McpMethods.Caller caller = new McpMethods.Caller(new AgentPrincipal("agent", "u", List.of(), "t", List.of()), session,
                Notifier.NONE, Map.of(), Instant.now(), "127.0.0.1");

        Future<JsonObject> response = methods.request(McpMessage.parse(new JsonObject(
                "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"name\":\"s3_write_object\",\"arguments\":{}}}")), caller);
        methods.notification(McpMessage.parse(new JsonObject(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":42,\"reason\":\"user pressed stop\"}}")),
                session);
        authorizing.complete();

        JsonObject answer = response.await(5, TimeUnit.SECONDS);
        assertThat(ran).containsExactly(Phase.AUTHORIZE);
        assertThat(answer.getJsonObject("result").getJsonObject("_meta").getString("jitgate/reason")).isEqualTo("cancelled");
        assertThat(records).hasSize(1);
        assertThat(records.get(0).getString("outcome")).isEqualTo("cancelled");
        assertThat(records.get(0).getString("detail")).contains("before stage credentials").contains("user pressed stop");
    }

    @Test
    void aCancelForAnotherRequestIdChangesNothing() throws Exception {
        Stage execute = new Stage() {
            public Phase phase() {
                return Phase.EXECUTE;
            }

            public Future<CallContext> apply(CallContext call) {
                ran.add(Phase.EXECUTE);
                return Future.succeededFuture(call.withAwsResult(new io.jitgate.aws.AwsCallResult("sts", "GetCallerIdentity", "r-1",
                        new JsonObject().put("ok", true), null)));
            }
        };
        Pipeline pipeline = new Pipeline(List.of(stage(Phase.AUTHORIZE, authorizing.future()),
                stage(Phase.CREDENTIALS, Future.succeededFuture()), execute), audit);
        McpMethods methods = new McpMethods(new ToolLister(() -> new ToolCatalog(List.of()),
                () -> request -> new PolicyDecision(true, List.of(), List.of()), 10), pipeline, 1 << 20);
        SessionState session = new SessionRegistry(new SessionIds(SessionIds.randomKey()), Duration.ofHours(1), Clock.systemUTC())
                .open("agent", "2025-11-25");
        McpMethods.Caller caller = new McpMethods.Caller(new AgentPrincipal("agent", "u", List.of(), "t", List.of()), session,
                Notifier.NONE, Map.of(), Instant.now(), "127.0.0.1");
        Future<JsonObject> response = methods.request(McpMessage.parse(new JsonObject(
                "{\"jsonrpc\":\"2.0\",\"id\":\"42\",\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}")), caller);
        methods.notification(McpMessage.parse(new JsonObject(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":42}}")), session);
        authorizing.complete();
        response.await(5, TimeUnit.SECONDS);
        assertThat(ran).containsExactly(Phase.AUTHORIZE, Phase.CREDENTIALS, Phase.EXECUTE);
        assertThat(records.get(0).getString("outcome")).isEqualTo("served");
    }
}
