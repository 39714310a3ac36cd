package io.jitgate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitgate.audit.AuditSink;
import io.jitgate.auth.AgentPrincipal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineTest {
    final Vertx vertx = Vertx.vertx();
    final List<Phase> ran = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        vertx.close();
    }

    /** An audit sink in memory that can be told to fail. */
    static final class MemoryAudit implements AuditSink {
        final List<JsonObject> records = new ArrayList<>();
        boolean failWrites;
        boolean healthy = true;

        @Override
        public Future<Void> append(JsonObject record) {
            if (failWrites) {
                return Future.failedFuture("disk full");
            }
            records.add(record);
            return Future.succeededFuture();
        }

        @Override
        public boolean healthy() {
            return healthy;
        }

        @Override
        public void close() {
        }
    }

    Stage passing(Phase phase) {
        return new Stage() {
            public Phase phase() {
                return phase;
            }

            public Future<CallContext> apply(CallContext call) {
                ran.add(phase);
                return Future.succeededFuture(call);
            }
        };
    }

    Stage failing(Phase phase, Reason reason) {
        return new Stage() {
            public Phase phase() {
                return phase;
            }

            public Future<CallContext> apply(CallContext call) {
                ran.add(phase);
                return Future.failedFuture(GatewayError.of(reason, "no"));
            }
        };
    }

    static CallContext call() {
        return CallContext.received("c-1", Instant.now(), "s-1", "127.0.0.1",
                new AgentPrincipal("a", "u", List.of("g"), "t", List.of()), "tool", new JsonObject().put("x", 1), Intent.NONE);
    }

    @Test
    void stagesOutOfOrderAreRefusedWhenThePipelineIsBuilt() throws Exception {
        MemoryAudit audit = new MemoryAudit();
        assertThatThrownBy(() -> new Pipeline(List.of(passing(Phase.AUTHORIZE), passing(Phase.VALIDATE)), audit))
                .hasMessageContaining("out of order");
        assertThatThrownBy(() -> new Pipeline(List.of(passing(Phase.RESOLVE), passing(Phase.RESOLVE)), audit))
                .hasMessageContaining("out of order");
        assertThatThrownBy(() -> new Pipeline(List.of(passing(Phase.DECODE)), audit)).hasMessageContaining("out of order");
    }

    @Test
    void aFailingStageSkipsTheRestAndTheCallIsAuditedOnce() throws Exception {
        MemoryAudit audit = new MemoryAudit();
        Pipeline pipeline = new Pipeline(List.of(passing(Phase.RESOLVE), failing(Phase.AUTHORIZE, Reason.POLICY_DENIED),
                passing(Phase.CREDENTIALS), passing(Phase.EXECUTE)), audit);
        CallOutcome outcome = pipeline.run(call(), Map.of(Phase.DECODE, 1000L)).await(5, TimeUnit.SECONDS);
        assertThat(ran).containsExactly(Phase.RESOLVE, Phase.AUTHORIZE);
        assertThat(outcome.reason()).isEqualTo(Reason.POLICY_DENIED);
        assertThat(audit.records).hasSize(1);
        JsonObject record = audit.records.get(0);
        assertThat(record.getString("reason")).isEqualTo("policy_denied");
        assertThat(record.getString("outcome")).isEqualTo("denied");
        assertThat(record.getJsonObject("stagesMs").fieldNames()).containsExactlyInAnyOrder("decode", "resolve", "authorize");
        assertThat(record.getString("callId")).isEqualTo("c-1");
    }

    @Test
    void aSuccessIsReportedOnlyAfterItsRecordIsWritten() throws Exception {
        MemoryAudit audit = new MemoryAudit();
        audit.failWrites = true;
        Pipeline pipeline = new Pipeline(List.of(passing(Phase.RESOLVE), passing(Phase.EXECUTE)), audit);
        CallOutcome outcome = pipeline.run(call(), Map.of()).await(5, TimeUnit.SECONDS);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.reason()).isEqualTo(Reason.AUDIT_UNAVAILABLE);
    }

    @Test
    void noStageRunsWhileTheAuditIsUnhealthy() throws Exception {
        MemoryAudit audit = new MemoryAudit();
        audit.healthy = false;
        Pipeline pipeline = new Pipeline(List.of(passing(Phase.RESOLVE), passing(Phase.EXECUTE)), audit);
        CallOutcome outcome = pipeline.run(call(), Map.of()).await(5, TimeUnit.SECONDS);
        assertThat(ran).isEmpty();
        assertThat(outcome.reason()).isEqualTo(Reason.AUDIT_UNAVAILABLE);
    }

    @Test
    void anUnexpectedExceptionBecomesAnInternalErrorNotACrash() throws Exception {
        MemoryAudit audit = new MemoryAudit();
        Stage throwing = new Stage() {
            public Phase phase() {
                return Phase.VALIDATE;
            }

            public Future<CallContext> apply(CallContext call) {
                throw new IllegalStateException("bug");
            }
        };
        CallOutcome outcome = new Pipeline(List.of(throwing, passing(Phase.EXECUTE)), audit).run(call(), Map.of())
                .await(5, TimeUnit.SECONDS);
        assertThat(outcome.reason()).isEqualTo(Reason.INTERNAL_ERROR);
        assertThat(ran).isEmpty();
        assertThat(audit.records).hasSize(1);
    }

    @Test
    void hugeArgumentsAreRecordedAsDigestSizeAndExcerpt() throws Exception {
        MemoryAudit audit = new MemoryAudit();
        CallContext big = CallContext.received("c-2", Instant.now(), "s", "127.0.0.1",
                new AgentPrincipal("a", "u", List.of(), "t", List.of()), "tool",
                new JsonObject().put("text", "x".repeat(300_000)), Intent.NONE);
        new Pipeline(List.of(failing(Phase.VALIDATE, Reason.INVALID_ARGUMENTS)), audit).run(big, Map.of()).await(5, TimeUnit.SECONDS);
        JsonObject recorded = audit.records.get(0).getJsonObject("arguments");
        assertThat(recorded.getBoolean("_truncated")).isTrue();
        assertThat(recorded.getInteger("bytes")).isGreaterThan(300_000);
        assertThat(recorded.getString("sha256")).hasSize(64);
        assertThat(audit.records.get(0).encode().length()).isLessThan(4_000);
    }
}
