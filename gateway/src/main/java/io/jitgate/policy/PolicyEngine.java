package io.jitgate.policy;

/** Decides policy requests. Implementations must fail closed: an error is a denial, never an allow. */
public interface PolicyEngine {
    PolicyDecision decide(PolicyRequest request);
}
