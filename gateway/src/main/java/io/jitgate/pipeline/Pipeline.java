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
    private final Consumer<CallOutcome> finished;

    /** Builds a pipeline; throws if the stages are not in strictly increasing {@link Phase} order. */
    public Pipeline(List<Stage> stages, AuditSink audit) {
        this(stages, audit, outcome -> { });
    }

    /**
     * As above, with {@code finished} told of every outcome once its record is written (metrics);
     * it must not block and must not fail.
     */
    public Pipeline(List<Stage> stages, AuditSink audit, Consumer<CallOutcome> finished) {
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
        this.finished = finished;
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
        long start = System.nanoTime();
        Map<Phase, Long> timings = new EnumMap<>(Phase.class);
        timings.putAll(transportNanos);
        Promise<CallOutcome> result = Promise.promise();
        if (!audit.healthy()) {
            finish(call, GatewayError.of(Reason.AUDIT_UNAVAILABLE,
                    "The attribution log cannot be written, so no call may run"), timings, start, result);
            return result.future();
        }
        step(0, call, timings, start, result);
        return result.future();
    }

    private void step(int index, CallContext call, Map<Phase, Long> timings, long start, Promise<CallOutcome> result) {
        if (index == stages.size()) {
            finish(call, null, timings, start, result);
            return;
        }
        Stage stage = stages.get(index);
        long stageStart = System.nanoTime();
        Future<CallContext> next;
        try {
            next = stage.apply(call);
        } catch (RuntimeException e) {
            next = Future.failedFuture(e);
        }
        next.onComplete(ar -> {
            timings.put(stage.phase(), System.nanoTime() - stageStart);
            if (ar.succeeded()) {
                step(index + 1, ar.result(), timings, start, result);
            } else {
                GatewayError error = asGatewayError(stage, ar.cause());
                finish(error.enriched().orElse(call), error, timings, start, result);
            }
        });
    }

    private void finish(CallContext call, GatewayError error, Map<Phase, Long> timings, long start, Promise<CallOutcome> result) {
        CallOutcome outcome = new CallOutcome(call.withoutCredentials(), error, timings, System.nanoTime() - start);
        audit.append(AuditRecords.toolCall(call, outcome)).onComplete(written -> {
            if (written.succeeded()) {
                report(outcome);
                result.complete(outcome);
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
