package io.jitgate.pipeline;

import io.vertx.core.Future;

/**
 * One step of a {@code tools/call}. A stage takes the call context and returns it enriched, or fails
 * the future with a {@link GatewayError}; the pipeline then skips every later stage.
 */
public interface Stage {
    /** Where this stage stands in the chain; the pipeline checks the order when it is built. */
    Phase phase();

    Future<CallContext> apply(CallContext call);

    /**
     * Runs the stage with the transport's handle on the call (progress, cancellation, the way back
     * to the caller: a held call's notice, a local tool's log messages and progress). Stages that
     * need none of it implement {@link #apply(CallContext)} only.
     */
    default Future<CallContext> apply(CallContext call, CallControl control) {
        return apply(call);
    }
}
