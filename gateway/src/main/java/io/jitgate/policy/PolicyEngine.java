package io.jitgate.policy;

import io.jitgate.auth.AgentPrincipal;
import io.jitgate.tools.ToolDefinition;

/** Decides policy requests. Implementations must fail closed: an error is a denial, never an allow. */
public interface PolicyEngine {
    PolicyDecision decide(PolicyRequest request);

    /**
     * Whether {@code tools/list} shows {@code tool} to {@code principal}. By default: the {@code list}
     * action is permitted. {@link CedarPolicyEngine} also requires that some policy could permit a call.
     */
    default boolean mayList(AgentPrincipal principal, ToolDefinition tool) {
        return decide(new PolicyRequest(principal, PolicyRequest.PolicyAction.LIST, tool, null, null)).allowed();
    }
}
