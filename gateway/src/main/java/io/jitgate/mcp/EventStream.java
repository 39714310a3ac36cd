package io.jitgate.mcp;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One SSE stream of a session: the answer stream of a POST, or the session's standalone (GET)
 * stream. Every event is kept (the last {@value #KEPT} of them) so a client that reconnects with
 * {@code Last-Event-ID} gets what it missed on this stream, and only this one. The connection
 * currently attached receives new events; it can be replaced by a reconnect.
 */
public final class EventStream implements Notifier {
    static final int KEPT = 256;

    /** One event; a priming event (SEP-1699) has no data and is never replayed. */
    private record Event(long id, String data) {
    }

    private final String id;
    private final SessionState session;
    private final Deque<Event> events = new ArrayDeque<>();
    private HttpServerResponse connection;
    private boolean finished;

    EventStream(String id, SessionState session) {
        this.id = id;
        this.session = session;
    }

    public String id() {
        return id;
    }

    /** Starts SSE on {@code response} and makes it the connection that receives new events. */
    public synchronized void attach(HttpServerResponse response) {
        if (connection != null && connection != response && !connection.ended()) {
            connection.end();
        }
        connection = response;
        response.setStatusCode(200).setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        response.write(": jitgate stream " + id + "\n\n");
    }

    /**
     * Sends the priming event (SEP-1699): an event id with empty data and the reconnection delay, so
     * a client whose connection drops before any message can resume this stream with {@code Last-Event-ID}.
     */
    public synchronized void prime(long retryMillis) {
        Event event = new Event(session.nextEventId(), null);
        keep(event);
        if (open()) {
            connection.write("id: " + event.id() + "\nretry: " + retryMillis + "\ndata: \n\n");
        }
    }

    /** Ends the attached connection but not the stream: what follows waits for a reconnect with {@code Last-Event-ID}. */
    @Override
    public synchronized void releaseConnection() {
        if (open()) {
            connection.end();
        }
    }

    /** Sends the events after {@code lastEventId} to the attached connection; ends it if the stream is finished. */
    public synchronized void replayAfter(long lastEventId) {
        List<Event> missed = new ArrayList<>();
        events.forEach(e -> {
            if (e.id() > lastEventId && e.data() != null) {
                missed.add(e);
            }
        });
        missed.forEach(this::write);
        if (finished && open()) {
            connection.end();
        }
    }

    synchronized boolean holds(long eventId) {
        return events.stream().anyMatch(e -> e.id() == eventId);
    }

    @Override
    public synchronized boolean canNotify() {
        return !finished;
    }

    @Override
    public synchronized void notify(JsonObject message) {
        if (finished) {
            return;
        }
        Event event = new Event(session.nextEventId(), message.encode());
        keep(event);
        write(event);
    }

    private void keep(Event event) {
        events.addLast(event);
        if (events.size() > KEPT) {
            events.removeFirst();
        }
    }

    /** Whether a client connection is attached and open (a client that went away cannot wait for anything). */
    @Override
    public synchronized boolean connected() {
        return !finished && open();
    }

    /** Sends the final message (the response of a POST) and ends the stream. */
    public synchronized void finish(JsonObject finalMessage) {
        notify(finalMessage);
        finished = true;
        if (open()) {
            connection.end();
        }
    }

    private void write(Event event) {
        if (open()) {
            connection.write("id: " + event.id() + "\nevent: message\ndata: " + event.data() + "\n\n");
        }
    }

    private boolean open() {
        return connection != null && !connection.ended() && !connection.closed();
    }
}
