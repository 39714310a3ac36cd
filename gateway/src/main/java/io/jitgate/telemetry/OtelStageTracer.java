package io.jitgate.telemetry;

import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.CallOutcome;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Phase;
import io.jitgate.pipeline.StageTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One OpenTelemetry trace per {@code tools/call}: a server span {@code tools/call <tool>} with a
 * child span {@code stage <name>} per stage. Every span carries {@code jitgate.call_id} (the id in
 * the attribution record and the role session name); failed stages carry status ERROR and
 * {@code jitgate.reason}. No arguments, prompts or credentials are put on spans.
 */
public final class OtelStageTracer implements StageTracer {
    public static final AttributeKey<String> CALL_ID = AttributeKey.stringKey("jitgate.call_id");
    public static final AttributeKey<String> REASON = AttributeKey.stringKey("jitgate.reason");
    static final AttributeKey<String> TOOL = AttributeKey.stringKey("jitgate.tool");
    static final AttributeKey<String> AGENT = AttributeKey.stringKey("jitgate.agent");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("jitgate.outcome");

    private final Tracer tracer;

    public OtelStageTracer(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public CallTrace begin(CallContext call) {
        Span root = tracer.spanBuilder("tools/call " + call.toolName()).setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(call.receivedAt())
                .setAttribute(CALL_ID, call.callId()).setAttribute(TOOL, call.toolName())
                .setAttribute(AGENT, call.principal() == null ? null : call.principal().agentId())
                .startSpan();
        Context parent = Context.root().with(root);
        return new CallTrace() {
            @Override
            public void recorded(Phase phase, long nanos) {
                long end = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
                tracer.spanBuilder("stage " + phase.word()).setParent(parent).setAttribute(CALL_ID, call.callId())
                        .setStartTimestamp(end - nanos, TimeUnit.NANOSECONDS).startSpan().end(end, TimeUnit.NANOSECONDS);
            }

            @Override
            public StageSpan stage(Phase phase) {
                Span span = tracer.spanBuilder("stage " + phase.word()).setParent(parent)
                        .setAttribute(CALL_ID, call.callId()).startSpan();
                return error -> {
                    if (error != null) {
                        span.setStatus(StatusCode.ERROR).setAttribute(REASON, error.reason().word());
                    }
                    span.end();
                };
            }

            @Override
            public void end(CallContext finished, CallOutcome outcome) {
                String reason = outcome.reason().word();
                root.setAttribute(OUTCOME, io.jitgate.pipeline.AuditRecords.outcomeWord(outcome.reason())).setAttribute(REASON, reason);
                if (outcome.error() != null) {
                    root.setStatus(StatusCode.ERROR);
                }
                root.end(Instant.now());
            }
        };
    }
}
