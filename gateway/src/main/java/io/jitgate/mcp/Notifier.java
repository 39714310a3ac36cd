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

    /**
     * Closes the connection the notifications go to, keeping what is still to come for a client that
     * reconnects (SSE polling, SEP-1699). Transports that cannot do this ignore it.
     */
    default void releaseConnection() {
    }
}
