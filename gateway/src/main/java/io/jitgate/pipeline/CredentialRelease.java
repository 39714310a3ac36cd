package io.jitgate.pipeline;

import io.vertx.core.Future;

/**
 * Ends a call's credentials when the call ends, before its attribution record is written, so the
 * record can say whether they were revoked. Runs for every call that got credentials, whatever its
 * outcome. The returned future must not fail: what went wrong belongs in the returned context.
 */
@FunctionalInterface
public interface CredentialRelease {
    CredentialRelease NONE = Future::succeededFuture;

    /** {@code call} holds credentials; returns the same call with what became of them. */
    Future<CallContext> release(CallContext call);
}
