package io.jitgate.stages;

import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Phase;
import io.jitgate.pipeline.Reason;
import io.jitgate.pipeline.Stage;
import io.jitgate.policy.PolicyDecision;
import io.jitgate.policy.PolicyEngine;
import io.jitgate.policy.PolicyRequest;
import io.jitgate.policy.TaskCallCounter;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Asks the policy whether this agent may make this call, with these arguments and this intent, at
 * the time it was received, from its source address, after the calls it made earlier in the same
 * task (counted here). A denial reads like an unknown tool to the agent; the audit keeps the
 * reason and the determining policies.
 */
public final class AuthorizeStage implements Stage {
    private final Supplier<PolicyEngine> policy;
    private final TaskCallCounter history;

    /** Decides with a task history of its own (default window and bound). */
    public AuthorizeStage(Supplier<PolicyEngine> policy) {
        this(policy, new TaskCallCounter(TaskCallCounter.DEFAULT_IDLE, TaskCallCounter.DEFAULT_MAX_TASKS));
    }

    /** Decides with {@code history} counting each agent's calls per task (every call that reaches this stage counts). */
    public AuthorizeStage(Supplier<PolicyEngine> policy, TaskCallCounter history) {
        this.policy = policy;
        this.history = history;
    }

    @Override
    public Phase phase() {
        return Phase.AUTHORIZE;
    }

    @Override
    public Future<CallContext> apply(CallContext call) {
        Long earlierCalls = history.countCall(call.principal().agentId(), call.intent() == null ? null : call.intent().taskId());
        PolicyDecision decision = policy.get().decide(new PolicyRequest(call.principal(), PolicyRequest.PolicyAction.CALL,
                call.tool(), call.arguments(), call.intent(), call.receivedAt(), call.sourceAddress(), earlierCalls));
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
