package io.jitgate.stages;

import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Phase;
import io.jitgate.pipeline.Reason;
import io.jitgate.pipeline.Stage;
import io.jitgate.tools.Tier;
import io.vertx.core.Future;

/**
 * Applies the approval tier in force: the tool's base tier (an operator's run-time setting, else
 * the definition's), raised (never lowered) by an {@code @tier} annotation on a policy that allowed
 * the call. {@code auto} passes; {@code deny} refuses. {@code confirm} and
 * {@code approve} need a person, and until held calls can wait for one such calls are refused
 * (fail closed) with {@code approval_required}.
 */
public final class ApproveStage implements Stage {
    private final java.util.function.Function<String, java.util.Optional<Tier>> operatorTiers;

    /** Applies the tiers of the tool definitions only. */
    public ApproveStage() {
        this(tool -> java.util.Optional.empty());
    }

    /** Applies the operators' tiers where set ({@code operatorTiers}, by tool name), else the definitions'. */
    public ApproveStage(java.util.function.Function<String, java.util.Optional<Tier>> operatorTiers) {
        this.operatorTiers = operatorTiers;
    }

    @Override
    public Phase phase() {
        return Phase.APPROVE;
    }

    @Override
    public Future<CallContext> apply(CallContext call) {
        Tier base = operatorTiers.apply(call.tool().name()).orElse(call.tool().tier());
        Tier tier = call.decision() == null ? base : call.decision().tierInForce(base);
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
