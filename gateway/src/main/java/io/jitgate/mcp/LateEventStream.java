package io.jitgate.mcp;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * The answer of a POST that starts as plain JSON and becomes an SSE stream only if the gateway must
 * send the client something before the result (a server-to-client request such as
 * {@code elicitation/create}): {@link #openStream} attaches a new {@link EventStream} of the session
 * to the response. Until then it carries nothing, so progress and log messages do not change the
 * answer's form.
 */
final class LateEventStream implements Notifier {
    private final SessionState session;
    private final HttpServerResponse response;
    private EventStream stream;

    LateEventStream(SessionState session, HttpServerResponse response) {
        this.session = session;
        this.response = response;
    }

    @Override
    public synchronized boolean canNotify() {
        return stream != null && stream.canNotify();
    }

    @Override
    public synchronized void notify(JsonObject notification) {
        if (stream != null) {
            stream.notify(notification);
        }
    }

    @Override
    public synchronized boolean connected() {
        return stream != null ? stream.connected() : !response.ended() && !response.closed();
    }

    @Override
    public synchronized boolean openStream() {
        if (stream == null) {
            if (response.ended() || response.closed()) {
                return false;
            }
            stream = session.newStream();
            stream.attach(response);
        }
        return stream.canNotify();
    }

    /** Ends the stream with {@code result} if one was opened; false if the answer is still plain JSON. */
    synchronized boolean finish(JsonObject result) {
        if (stream == null) {
            return false;
        }
        stream.finish(result);
        return true;
    }
}
