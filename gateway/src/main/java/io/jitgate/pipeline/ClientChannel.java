package io.jitgate.pipeline;

/**
 * What a running call may send to its client: log messages, progress, and a hint that the
 * transport may drop its connection now. The transport decides what actually goes out: a log
 * message below the session's level, or progress without the client's progress token, is dropped;
 * a transport that cannot carry notifications (a plain JSON answer) drops everything.
 */
public interface ClientChannel {
    /** A channel that reaches no one. */
    ClientChannel NONE = new ClientChannel() {
        @Override
        public void log(String level, Object data) {
        }

        @Override
        public void progress(double progress, Double total, String message) {
        }

        @Override
        public void releaseConnection() {
        }
    };

    /**
     * A {@code notifications/message} at {@code level} (an MCP log level word: debug, info, notice,
     * warning, error, ...), sent only when the session asked for that level or a lower one.
     */
    void log(String level, Object data);

    /** A {@code notifications/progress} for the request's progress token, if the client sent one. */
    void progress(double progress, Double total, String message);

    /**
     * Closes the connection the answer streams on, keeping the stream: the client reconnects with
     * {@code Last-Event-ID} and gets the rest (SSE polling). Does nothing where that is not possible.
     */
    void releaseConnection();
}
