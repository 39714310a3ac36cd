package io.jitgate.policy;

/** A policy set that cannot be used; the message names the file and Cedar's reason. */
public final class PolicyLoadException extends RuntimeException {
    public PolicyLoadException(String message) {
        super(message, null, false, false);
    }
}
