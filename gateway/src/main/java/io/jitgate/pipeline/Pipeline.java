package io.jitgate.pipeline;

import io.jitgate.audit.AuditSink;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stages of a {@code tools/call} in order, times each one, and writes exactly one
 * attribution record whatever the outcome. The agent's answer waits for that record to be durable:
 * if it cannot be written, a call that succeeded is reported as failed ({@code audit_unavailable}).
 */
public final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final List<Stage> stages;
    private final AuditSink audit;
    private final RecordRedaction redaction;
    private final StageTracer tracer;
    private final Consumer<CallOutcome> finished;
    private final CredentialRelease release;

    /** Builds a pipeline that records prompts whole and redacts the arguments tools declare sensitive. */
    public Pipeline(List<Stage> stages, AuditSink audit) {
        this(stages, audit, RecordRedaction.DEFAULT);
    }

    /** Builds a pipeline; throws if the stages are not in strictly increasing {@link Phase} order. */
    public Pipeline(List<Stage> stages, AuditSink audit, RecordRedaction redaction) {
        this(stages, audit, redaction, StageTracer.NONE, outcome -> { });
    }

    /** Builds a pipeline that also traces each call and stage through {@code tracer}. */
    public Pipeline(List<Stage> stages, AuditSink audit, RecordRedaction redaction, StageTracer tracer) {
        this(stages, audit, redaction, tracer, outcome -> { });
    }

    /**
     * Builds a pipeline that also traces each call and stage through {@code tracer}, and tells
     * {@code finished} of every outcome once its record is written (metrics); {@code finished} must
     * not block and must not fail.
     */
    public Pipeline(List<Stage> stages, AuditSink audit, RecordRedaction redaction, StageTracer tracer,
            Consumer<CallOutcome> finished) {
        this(stages, audit, redaction, tracer, finished, CredentialRelease.NONE);
    }

    /**
     * Builds a pipeline that also ends each call's credentials through {@code release} when the call
     * ends (revocation of leased keys), before the record is written.
     */
    public Pipeline(List<Stage> stages, AuditSink audit, RecordRedaction redaction, StageTracer tracer,
            Consumer<CallOutcome> finished, CredentialRelease release) {
        Phase previous = Phase.AUTHENTICATE;
        for (Stage stage : stages) {
            if (stage.phase().compareTo(previous) <= 0) {
                throw new IllegalArgumentException("stage " + stage.getClass().getSimpleName() + " (" + stage.phase()
                        + ") is out of order: it must come after " + previous);
            }
            previous = stage.phase();
        }
        this.stages = List.copyOf(stages);
        this.audit = audit;
        this.redaction = redaction;
        this.tracer = tracer;
        this.finished = finished;
        this.release = release;
    }

    public List<Phase> phases() {
        List<Phase> phases = new ArrayList<>();
        stages.forEach(s -> phases.add(s.phase()));
        return phases;
    }

    /**
     * Runs one call. {@code transportNanos} carries the time the transport spent decoding and
     * authenticating it. The returned future never fails: errors are in the outcome.
     */
    public Future<CallOutcome> run(CallContext call, Map<Phase, Long> transportNanos) {
        return run(call, transportNanos, CallControl.none());
    }

    /**
     * Runs one call under {@code control}: the control hears of each stage as it starts, and a
     * cancellation stops the chain before the next stage (so no AWS request is made once a cancel
     * has been seen before the execute stage).
     */
    public Future<CallOutcome> run(CallContext call, Map<Phase, Long> transportNanos, CallControl control) {
        long start = System.nanoTime();
        Map<Phase, Long> timings = new EnumMap<>(Phase.class);
        timings.putAll(transportNanos);
        Promise<CallOutcome> result = Promise.promise();
        StageTracer.CallTrace trace = tracer.begin(call);
        transportNanos.forEach(trace::recorded);
        result.future().onSuccess(outcome -> trace.end(call, outcome));
        if (!audit.healthy()) {
            finish(call, GatewayError.of(Reason.AUDIT_UNAVAILABLE,
                    "The attribution log cannot be written, so no call may run"), timings, start, result);
            return result.future();
        }
        step(0, call, timings, start, result, control, trace);
        return result.future();
    }

    private void step(int index, CallContext call, Map<Phase, Long> timings, long start, Promise<CallOutcome> result,
            CallControl control, StageTracer.CallTrace trace) {
        if (index == stages.size()) {
            finish(call, null, timings, start, result);
            return;
        }
        Stage stage = stages.get(index);
        if (control.cancelled()) {
            finish(call, GatewayError.withAuditDetail(Reason.CANCELLED, "The call was cancelled",
                    "cancelled by the client before stage " + stage.phase().word() + ": " + control.cancelReason()),
                    timings, start, result);
            return;
        }
        control.stageStarting(stage.phase(), call);
        StageTracer.StageSpan span = trace.stage(stage.phase());
        long stageStart = System.nanoTime();
        Future<CallContext> next;
        try {
            next = stage.apply(call, control);
        } catch (RuntimeException e) {
            next = Future.failedFuture(e);
        }
        next.onComplete(ar -> {
            timings.put(stage.phase(), System.nanoTime() - stageStart);
            if (ar.succeeded()) {
                span.end(null);
                step(index + 1, ar.result(), timings, start, result, control, trace);
            } else {
                GatewayError error = asGatewayError(stage, ar.cause());
                span.end(error);
                finish(error.enriched().orElse(call), error, timings, start, result);
            }
        });
    }

    private void finish(CallContext call, GatewayError error, Map<Phase, Long> timings, long start, Promise<CallOutcome> result) {
        if (call.credentials() == null) {
            record(call, error, timings, start, result);
            return;
        }
        Future<CallContext> released;
        try {
            released = release.release(call);
        } catch (RuntimeException e) {
            released = Future.failedFuture(e);
        }
        released.onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("ending the credentials of call {} failed", call.callId(), ar.cause());
            }
            record(ar.succeeded() ? ar.result() : call, error, timings, start, result);
        });
    }

    private void record(CallContext call, GatewayError error, Map<Phase, Long> timings, long start, Promise<CallOutcome> result) {
        CallOutcome outcome = new CallOutcome(call.withoutCredentials(), error, timings, System.nanoTime() - start);
        audit.append(AuditRecords.toolCall(call, outcome, redaction)).onComplete(written -> {
            if (written.succeeded() || (error != null && error.reason() == Reason.AUDIT_UNAVAILABLE)) {
                report(outcome);
                result.complete(outcome); // a call refused because the log is down keeps its own (truthful) message
            } else {
                LOG.error("attribution record for call {} could not be written: {}", call.callId(), written.cause().toString());
                CallOutcome unrecorded = new CallOutcome(outcome.call(), GatewayError.of(Reason.AUDIT_UNAVAILABLE,
                        "The call's attribution record could not be written; treat the call's effect as unknown"),
                        outcome.stageNanos(), outcome.totalNanos());
                report(unrecorded);
                result.complete(unrecorded);
            }
        });
    }

    private void report(CallOutcome outcome) {
        try {
            finished.accept(outcome);
        } catch (RuntimeException e) {
            LOG.warn("reporting the outcome of call {} failed: {}", outcome.call().callId(), e.toString());
        }
    }

    private static GatewayError asGatewayError(Stage stage, Throwable cause) {
        if (cause instanceof GatewayError g) {
            return g;
        }
        LOG.error("stage {} failed unexpectedly", stage.phase().word(), cause);
        return GatewayError.caused(Reason.INTERNAL_ERROR, "Internal error in stage " + stage.phase().word(), cause);
    }
}
