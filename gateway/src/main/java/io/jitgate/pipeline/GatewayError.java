package io.jitgate.pipeline;

/**
 * A typed failure of one stage. It carries the reason word, the message for the agent and, where it
 * differs, the detail kept only for the audit (for example the policy that denied a call, which the
 * agent must not learn). Expected rejections carry no stack trace: they are cheap to create.
 */
public final class GatewayError extends RuntimeException {
    private final Reason reason;
    private final String auditDetail;
    private final CallContext enriched;

    private GatewayError(Reason reason, String agentMessage, String auditDetail, Throwable cause, CallContext enriched) {
        super(agentMessage, cause, false, false);
        this.reason = reason;
        this.auditDetail = auditDetail;
        this.enriched = enriched;
    }

    private GatewayError(Reason reason, String agentMessage, String auditDetail, Throwable cause) {
        this(reason, agentMessage, auditDetail, cause, null);
    }

    /**
     * The same error, carrying what the failing stage learned before it failed (the policy decision
     * of a denied call, say), so that the audit record keeps it.
     */
    public GatewayError at(CallContext context) {
        return new GatewayError(reason, getMessage(), auditDetail, getCause(), context);
    }

    /** The context as the failing stage left it, if the stage recorded one. */
    public java.util.Optional<CallContext> enriched() {
        return java.util.Optional.ofNullable(enriched);
    }

    /** A failure whose message is fine for both the agent and the audit. */
    public static GatewayError of(Reason reason, String message) {
        return new GatewayError(reason, message, message, null);
    }

    /** A failure that tells the agent less than the audit records. */
    public static GatewayError withAuditDetail(Reason reason, String agentMessage, String auditDetail) {
        return new GatewayError(reason, agentMessage, auditDetail, null);
    }

    /** A failure caused by an exception; the cause is kept for logs, never shown to the agent. */
    public static GatewayError caused(Reason reason, String message, Throwable cause) {
        return new GatewayError(reason, message, message + ": " + describe(cause), cause);
    }

    public Reason reason() {
        return reason;
    }

    public String auditDetail() {
        return auditDetail;
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
}
