package io.jitgate.stages;

import io.jitgate.approvals.ApprovalDesk;
import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.CallControl;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Phase;
import io.jitgate.pipeline.Reason;
import io.jitgate.pipeline.RecordRedaction;
import io.jitgate.pipeline.Stage;
import io.jitgate.tools.Tier;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.Function;

/**
 * Applies the approval tier in force: the tool's base tier (an operator's run-time setting, else
 * the definition's), raised (never lowered) by an {@code @tier} annotation on a policy that allowed
 * the call. {@code auto} passes; {@code deny} refuses; {@code confirm} asks the agent's own user
 * through MCP elicitation ({@link UserConfirmationStep}) when the client declared it, and is treated
 * as {@code approve} otherwise; {@code approve} holds the call for an operator ({@link OperatorApprovalStep}).
 * Nothing here asks for credentials: they come in a later stage, only after approval.
 */
public final class ApproveStage implements Stage {
    private final Function<String, Optional<Tier>> operatorTiers;
    private final OperatorApprovalStep operatorApproval;
    private final UserConfirmationStep userConfirmation;

    /** Applies the tiers of the tool definitions only; calls that need a person are refused (no desk). */
    public ApproveStage() {
        this(tool -> Optional.empty());
    }

    /** Applies operators' tiers; without a desk, calls that need a person are refused ({@code approval_required}). */
    public ApproveStage(Function<String, Optional<Tier>> operatorTiers) {
        this(operatorTiers, null, RecordRedaction.DEFAULT);
    }

    /** Applies operators' tiers and holds calls that need a person at {@code desk}. */
    public ApproveStage(Function<String, Optional<Tier>> operatorTiers, ApprovalDesk desk, RecordRedaction redaction) {
        this.operatorTiers = operatorTiers;
        this.operatorApproval = desk == null ? null : new OperatorApprovalStep(desk, redaction);
        this.userConfirmation = desk == null ? null : new UserConfirmationStep(desk.settings(), redaction);
    }

    @Override
    public Phase phase() {
        return Phase.APPROVE;
    }

    @Override
    public Future<CallContext> apply(CallContext call) {
        return apply(call, CallControl.none());
    }

    @Override
    public Future<CallContext> apply(CallContext call, CallControl control) {
        Tier base = operatorTiers.apply(call.tool().name()).orElse(call.tool().tier());
        Tier tier = call.decision() == null ? base : call.decision().tierInForce(base);
        CallContext withTier = call.withTier(tier);
        if (tier == Tier.AUTO) {
            return Future.succeededFuture(withTier);
        }
        if (tier == Tier.DENY) {
            return Future.failedFuture(GatewayError.of(Reason.TIER_DENIED,
                    "Tool " + call.toolName() + " is disabled by its approval tier (deny)").at(withTier));
        }
        if (operatorApproval == null) {
            return Future.failedFuture(GatewayError.of(Reason.APPROVAL_REQUIRED, "Tool " + call.toolName()
                    + " needs a person's approval (tier " + tier.word() + "), which this gateway does not collect; the call was not run")
                    .at(withTier));
        }
        if (tier == Tier.CONFIRM && control.approvalId() == null) {
            Optional<CallControl.UserConfirmation> user = control.userConfirmation();
            if (user.isPresent()) {
                return userConfirmation.confirm(withTier, user.get());
            }
        }
        return operatorApproval.approve(withTier, control);
    }
}
