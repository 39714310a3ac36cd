package io.jitgate.stages;

import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Phase;
import io.jitgate.pipeline.Reason;
import io.jitgate.pipeline.Stage;
import io.jitgate.tools.Tier;
import io.vertx.core.Future;

/**
 * Applies the approval tier in force: the tool's base tier, raised (never lowered) by an
 * {@code @tier} annotation on a policy that allowed the call. {@code auto} passes; {@code deny} refuses. {@code confirm} and
 * {@code approve} need a person, and until held calls can wait for one such calls are refused
 * (fail closed) with {@code approval_required}.
 */
public final class ApproveStage implements Stage {
    @Override
    public Phase phase() {
        return Phase.APPROVE;
    }

    @Override
    public Future<CallContext> apply(CallContext call) {
        Tier tier = call.decision() == null ? call.tool().tier() : call.decision().tierInForce(call.tool().tier());
        CallContext withTier = call.withTier(tier);
        return switch (tier) {
            case AUTO -> Future.succeededFuture(withTier);
            case DENY -> Future.failedFuture(GatewayError.of(Reason.TIER_DENIED,
                    "Tool " + call.toolName() + " is disabled by its approval tier (deny)").at(withTier));
            case CONFIRM, APPROVE -> Future.failedFuture(GatewayError.of(Reason.APPROVAL_REQUIRED,
                    "Tool " + call.toolName() + " needs a person's approval (tier " + tier.word()
                            + "), which this gateway does not collect yet; the call was not run").at(withTier));
        };
    }
}
