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
