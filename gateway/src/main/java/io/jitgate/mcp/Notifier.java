package io.jitgate.mcp;

import io.vertx.core.json.JsonObject;

/**
 * Sends server-to-client notifications that belong to one request: progress and log messages on
 * the request's SSE stream (HTTP) or on stdout (stdio).
 */
public interface Notifier {
    /** A notifier for a plain JSON response, which cannot carry notifications. */
    Notifier NONE = new Notifier() {
        @Override
        public boolean canNotify() {
            return false;
        }

        @Override
        public void notify(JsonObject notification) {
        }
    };

    boolean canNotify();

    void notify(JsonObject notification);

    /** Whether the client is still there to read what is sent (an SSE connection may have closed). */
    default boolean connected() {
        return canNotify();
    }

    /**
     * Makes sure this notifier can carry messages to the client, opening a stream for the answer if
     * the transport can do so only now (an HTTP answer that would otherwise be plain JSON); returns
     * whether it can. Server-to-client requests call this; progress and log messages do not.
     */
    default boolean openStream() {
        return canNotify();
    }

    /**
     * Closes the connection the notifications go to, keeping what is still to come for a client that
     * reconnects (SSE polling, SEP-1699). Transports that cannot do this ignore it.
     */
    default void releaseConnection() {
    }
}
