package io.jitgate.pipeline;

/**
 * The fixed order of the stages of a {@code tools/call}. The pipeline refuses a stage list that is
 * not in this order, so order lives in one place instead of in magic numbers.
 *
 * <p>Decoding and authentication happen in the transport for every JSON-RPC message, before a call
 * reaches the pipeline; their timings are carried into the call context.
 */
public enum Phase {
    DECODE,
    AUTHENTICATE,
    RESOLVE,
    VALIDATE,
    AUTHORIZE,
    APPROVE,
    /** rate limits per agent and per tool, before any credentials are asked for */
    ADMIT,
    CREDENTIALS,
    EXECUTE;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
