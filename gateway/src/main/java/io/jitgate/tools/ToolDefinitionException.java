package io.jitgate.tools;

/** A tool definition that cannot be loaded; the message names the file and the field at fault. */
public final class ToolDefinitionException extends RuntimeException {
    public ToolDefinitionException(String message) {
        super(message, null, false, false);
    }
}
