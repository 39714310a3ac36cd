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
     * Runs the stage with the call's control at hand: a stage that talks to the client while it runs
     * (a local tool's log messages and progress) overrides this one; others need only {@link #apply(CallContext)}.
     */
    default Future<CallContext> apply(CallContext call, CallControl control) {
        return apply(call);
    }
}
