package io.jitgate.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.audit.DiscardingAuditSink;
import io.jitgate.auth.AgentPrincipal;
import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Intent;
import io.jitgate.pipeline.Phase;
import io.jitgate.pipeline.Pipeline;
import io.jitgate.pipeline.Reason;
import io.jitgate.pipeline.RecordRedaction;
import io.jitgate.pipeline.Stage;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One trace per call, one span per stage, the call id on every span; a failed stage is marked with its reason. */
class OtelStageTracerTest {
    static Stage stage(Phase phase, Reason failWith) {
        return new Stage() {
            public Phase phase() {
                return phase;
            }

            public Future<CallContext> apply(CallContext call) {
                return failWith == null ? Future.succeededFuture(call) : Future.failedFuture(GatewayError.of(failWith, "no"));
            }
        };
    }

    @Test
    void aCallIsOneTraceWithASpanPerStageCarryingTheCallId() throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        Vertx vertx = Vertx.vertx();
        try {
            Pipeline pipeline = new Pipeline(List.of(stage(Phase.RESOLVE, null), stage(Phase.AUTHORIZE, Reason.POLICY_DENIED),
                    stage(Phase.EXECUTE, null)), new DiscardingAuditSink(), RecordRedaction.DEFAULT, new OtelStageTracer(provider.get("test")));
            CallContext call = CallContext.received("call-42", Instant.now(), "s", "127.0.0.1",
                    new AgentPrincipal("agent-1", "alice", List.of("g"), "t", List.of()), "whoami", new JsonObject(), Intent.NONE);
            vertx.getOrCreateContext();
            pipeline.run(call, Map.of(Phase.DECODE, 1_000L, Phase.AUTHENTICATE, 2_000L)).await(5, TimeUnit.SECONDS);
            List<SpanData> spans = exporter.getFinishedSpanItems();
            assertThat(spans).extracting(SpanData::getName).containsExactlyInAnyOrder(
                    "stage decode", "stage authenticate", "stage resolve", "stage authorize", "tools/call whoami");
            String traceId = spans.get(0).getTraceId();
            assertThat(spans).allSatisfy(s -> {
                assertThat(s.getTraceId()).isEqualTo(traceId);
                assertThat(s.getAttributes().get(OtelStageTracer.CALL_ID)).isEqualTo("call-42");
            });
            SpanData authorize = spans.stream().filter(s -> s.getName().equals("stage authorize")).findFirst().orElseThrow();
            assertThat(authorize.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(authorize.getAttributes().get(OtelStageTracer.REASON)).isEqualTo("policy_denied");
            SpanData root = spans.stream().filter(s -> s.getName().startsWith("tools/call")).findFirst().orElseThrow();
            assertThat(spans).filteredOn(s -> s != root).allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(root.getSpanId()));
        } finally {
            vertx.close();
            provider.close();
        }
    }
}
