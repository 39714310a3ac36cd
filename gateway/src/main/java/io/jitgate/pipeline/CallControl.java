package io.jitgate.pipeline;

/**
 * What the transport can do to a call in flight: hear of each stage as it starts (to stream
 * progress to the agent) and cancel it (MCP {@code notifications/cancelled}). Thread-safe.
 */
public class CallControl {
    private static final CallControl NONE = new CallControl();
    private volatile String cancelReason;
    private final java.util.List<java.util.function.Consumer<String>> cancelListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A control that listens to nothing and is never cancelled by anyone else. */
    public static CallControl none() {
        return NONE;
    }

    /** Called by the pipeline before each stage; override to report progress. */
    protected void stageStarting(Phase phase, CallContext call) {
    }

    /**
     * Whether the caller can wait for a person: its request stays open and can be told it is held
     * (a progress token on a live stream). A caller that cannot wait gets an approval id to retry with.
     */
    public boolean canWait() {
        return false;
    }

    /** Tells a waiting caller that its call is held, and why (a progress notification). */
    public void holding(String message) {
    }

    /** The approval id the caller presents to run a call an operator has approved ({@code _meta["jitgate/approvalId"]}). */
    public String approvalId() {
        return null;
    }

    /** The caller's own user, when the client can be asked to confirm a call (MCP elicitation). */
    public java.util.Optional<UserConfirmation> userConfirmation() {
        return java.util.Optional.empty();
    }

    /** Asks the person behind the agent to confirm a call; the future holds their answer. */
    @FunctionalInterface
    public interface UserConfirmation {
        /**
         * Asks, and completes with the client's answer ({@code accept}, {@code decline} or {@code cancel});
         * fails with a {@link java.util.concurrent.TimeoutException} when no answer comes within {@code timeout}.
         */
        io.vertx.core.Future<String> confirm(String message, java.time.Duration timeout);
    }

    /** Asks the pipeline to stop before its next stage. */
    public void cancel(String reason) {
        if (this == NONE) {
            throw new IllegalStateException("the shared no-op control cannot be cancelled");
        }
        cancelReason = reason == null || reason.isBlank() ? "no reason given" : reason;
        for (java.util.function.Consumer<String> listener : cancelListeners) {
            if (cancelListeners.remove(listener)) {
                listener.accept(cancelReason);
            }
        }
    }

    /**
     * Runs {@code listener} once with the reason when the call is cancelled (at once if it is
     * already), on the thread that cancels it: a stage that waits (for a person, say) stops waiting.
     * The shared no-op control is never cancelled, so it keeps no listeners.
     */
    public void onCancel(java.util.function.Consumer<String> listener) {
        if (this == NONE) {
            return;
        }
        cancelListeners.add(listener);
        String reason = cancelReason;
        if (reason != null && cancelListeners.remove(listener)) {
            listener.accept(reason);
        }
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
