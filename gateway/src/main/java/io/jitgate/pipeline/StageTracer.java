package io.jitgate.pipeline;

/**
 * Tracing of calls, one trace per call with one span per stage (the seam OpenTelemetry plugs into,
 * see {@code io.jitgate.telemetry}). {@link #NONE}, the default, does nothing.
 */
public interface StageTracer {
    StageTracer NONE = call -> CallTrace.NONE;

    /** Starts the trace of one call (after decode and authentication). */
    CallTrace begin(CallContext call);

    /** The trace of one call. */
    interface CallTrace {
        CallTrace NONE = new CallTrace() {
            @Override
            public void recorded(Phase phase, long nanos) {
            }

            @Override
            public StageSpan stage(Phase phase) {
                return error -> { };
            }

            @Override
            public void end(CallContext call, CallOutcome outcome) {
            }
        };

        /** A stage that already ran (in the transport), ending now after {@code nanos}. */
        void recorded(Phase phase, long nanos);

        /** Starts the span of a stage. */
        StageSpan stage(Phase phase);

        /** Ends the call's trace once its record is written. */
        void end(CallContext call, CallOutcome outcome);
    }

    /** The span of one stage. */
    @FunctionalInterface
    interface StageSpan {
        /** Ends the span; {@code error} is the stage's failure, or null. */
        void end(GatewayError error);
    }
}
