package io.jitgate.pipeline;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * What a running call may send to its client: log messages, progress, a hint that the transport
 * may drop its connection now, and requests the client answers ({@code sampling/createMessage},
 * {@code elicitation/create}, {@code roots/list}). The transport decides what actually goes out: a log
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

    /**
     * Sends a JSON-RPC request to the client and completes with its {@code result}. Sent only when
     * the client declared the capability the method needs ({@code sampling}, {@code elicitation}
     * with form or url mode, {@code roots}); otherwise, and on an error answer, no answer within
     * {@code timeout}, or the call being cancelled or ending first, the future fails with a
     * {@link ClientRequestFailed} saying which. The default reaches no one.
     */
    default Future<JsonObject> request(String method, JsonObject params, Duration timeout) {
        return Future.failedFuture(new ClientRequestFailed(ClientRequestFailed.Kind.UNREACHABLE,
                "The client cannot be reached for " + method + " on this transport"));
    }
}
