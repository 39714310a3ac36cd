package io.jitgate.stages;

import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Phase;
import io.jitgate.pipeline.Reason;
import io.jitgate.pipeline.Stage;
import io.jitgate.policy.PolicyDecision;
import io.jitgate.policy.PolicyEngine;
import io.jitgate.policy.PolicyRequest;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Asks the policy whether this agent may make this call, with these arguments and this intent. A
 * denial reads like an unknown tool to the agent; the audit keeps the determining policies.
 */
public final class AuthorizeStage implements Stage {
    private final Supplier<PolicyEngine> policy;

    public AuthorizeStage(Supplier<PolicyEngine> policy) {
        this.policy = policy;
    }

    @Override
    public Phase phase() {
        return Phase.AUTHORIZE;
    }

    @Override
    public Future<CallContext> apply(CallContext call) {
        PolicyDecision decision = policy.get().decide(new PolicyRequest(call.principal(), PolicyRequest.PolicyAction.CALL,
                call.tool(), call.arguments(), call.intent()));
        if (decision.allowed()) {
            return Future.succeededFuture(call.withDecision(decision));
        }
        Reason reason = decision.errors().isEmpty() ? Reason.POLICY_DENIED : Reason.POLICY_ERROR;
        String detail = (reason == Reason.POLICY_DENIED ? "denied by policy" : "policy evaluation failed")
                + "; determining policies " + decision.policyIds()
                + (decision.errors().isEmpty() ? "" : "; errors " + decision.errors());
        return Future.failedFuture(GatewayError.withAuditDetail(reason,
                ResolveStage.unknownTool(call.toolName()).getMessage(), detail).at(call.withDecision(decision)));
    }
}
