package io.jitgate.tools.local;

/**
 * A local tool's error result: the message reaches the model as a tool result with
 * {@code isError: true} (reason {@code tool_error}). Cheap: no stack trace.
 */
public final class LocalToolError extends RuntimeException {
    public LocalToolError(String message) {
        super(message, null, false, false);
    }
}
