package io.jitgate.pipeline;

/**
 * What the transport can do to a call in flight: hear of each stage as it starts (to stream
 * progress to the agent) and cancel it (MCP {@code notifications/cancelled}). Thread-safe.
 */
public class CallControl {
    private static final CallControl NONE = new CallControl();
    private volatile String cancelReason;

    /** A control that listens to nothing and is never cancelled by anyone else. */
    public static CallControl none() {
        return NONE;
    }

    /** Called by the pipeline before each stage; override to report progress. */
    protected void stageStarting(Phase phase, CallContext call) {
    }

    /** Asks the pipeline to stop before its next stage. */
    public void cancel(String reason) {
        if (this == NONE) {
            throw new IllegalStateException("the shared no-op control cannot be cancelled");
        }
        cancelReason = reason == null || reason.isBlank() ? "no reason given" : reason;
    }

    /** The call's line to its client (log messages, progress); the default reaches no one. */
    public ClientChannel client() {
        return ClientChannel.NONE;
    }

    public boolean cancelled() {
        return cancelReason != null;
    }

    public String cancelReason() {
        return cancelReason;
    }
}
