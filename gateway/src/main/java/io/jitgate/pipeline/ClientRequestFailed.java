package io.jitgate.pipeline;

/**
 * A request a running call sent to its client ({@link ClientChannel#request}) got no usable answer.
 * The message says why in words the model can read. Cheap: no stack trace.
 */
public final class ClientRequestFailed extends RuntimeException {
    /** Why the request got no answer. */
    public enum Kind {
        /** the client did not declare the capability the request needs, or jitgate does not send such requests */
        NOT_SUPPORTED,
        /** the transport cannot carry a request to the client now (no stream it reads) */
        UNREACHABLE,
        /** the client answered with a JSON-RPC error */
        CLIENT_ERROR,
        /** no answer within the time limit */
        TIMED_OUT,
        /** the call was cancelled or ended while waiting */
        CANCELLED
    }

    private final Kind kind;

    public ClientRequestFailed(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
