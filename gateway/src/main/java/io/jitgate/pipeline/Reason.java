package io.jitgate.pipeline;

/**
 * The one word that names why a call did not succeed. The audit record, metrics and the error shown
 * to the agent all carry the same word, so an operator can grep one vocabulary everywhere.
 */
public enum Reason {
    OK,
    UNAUTHENTICATED,
    UNKNOWN_TOOL,
    INVALID_ARGUMENTS,
    POLICY_DENIED,
    POLICY_ERROR,
    TIER_DENIED,
    APPROVAL_REQUIRED,
    /** held for an operator; the agent did not wait and retries with the approval id */
    APPROVAL_PENDING,
    /** an operator denied the call */
    APPROVAL_DENIED,
    /** nobody decided within the approval timeout */
    APPROVAL_TIMED_OUT,
    /** the approval presented does not exist, covers another call, or was used already */
    APPROVAL_INVALID,
    /** the agent's user declined (or cancelled) the confirmation asked through MCP elicitation */
    CONFIRMATION_DECLINED,
    RATE_LIMITED,
    CREDENTIALS_UNAVAILABLE,
    CIRCUIT_OPEN,
    BULKHEAD_FULL,
    AWS_THROTTLED,
    AWS_CLOCK_SKEW,
    AWS_ERROR,
    AWS_TIMEOUT,
    /** a local tool (no AWS) answered with an error result */
    TOOL_ERROR,
    AUDIT_UNAVAILABLE,
    CANCELLED,
    INTERNAL_ERROR;

    /** The snake_case form used on the wire, in records and in metrics. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
