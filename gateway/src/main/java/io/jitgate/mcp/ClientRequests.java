package io.jitgate.mcp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Server-to-client JSON-RPC requests of one session ({@code elicitation/create},
 * {@code sampling/createMessage}, ...): {@link #send} writes a request with a fresh id to a channel
 * the client reads (the SSE stream of the request being served, or stdout) and returns a future;
 * {@link #accept} takes the client's response (POSTed back, or read from stdin) and completes that
 * future. A response to an id this session never sent, or to one already answered or given up on,
 * is refused ({@link Acceptance}). Thread-safe.
 */
public final class ClientRequests {
    /** What became of a response the client sent. */
    public enum Acceptance {
        /** it answered a request in flight, whose future is now complete */
        ACCEPTED,
        /** no request with that id was sent on this session */
        UNKNOWN_ID,
        /** the request with that id was answered already or timed out */
        ALREADY_ANSWERED
    }

    /** The client answered with a JSON-RPC error. */
    public static final class ClientError extends RuntimeException {
        private final int code;

        ClientError(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private static final int REMEMBERED = 256;
    private final Map<String, Promise<JsonObject>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Boolean> finished = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    /** A request sent and its answer to come. */
    public record Outgoing(String id, String method, Future<JsonObject> answer) {
    }

    /** The request was given up on before the client answered ({@link #cancel}). */
    public static final class Cancelled extends RuntimeException {
        Cancelled(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Sends {@code method} with {@code params} on {@code channel} and completes with the client's
     * {@code result}; fails with {@link ClientError} on an error response and with a
     * {@link TimeoutException} when no response comes within {@code timeout}. Call on a Vert.x
     * context (the timeout is a timer of that context's Vert.x).
     */
    public Future<JsonObject> send(Notifier channel, String method, JsonObject params, Duration timeout) {
        return start(channel, method, params, timeout).answer();
    }

    /**
     * Like {@link #send}, keeping the request's id so it can be {@link #cancel cancelled}. A request
     * that times out is also cancelled towards the client ({@code notifications/cancelled}), as the
     * spec asks of a sender that stops waiting.
     */
    public Outgoing start(Notifier channel, String method, JsonObject params, Duration timeout) {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("ClientRequests.send must be called on a Vert.x context");
        }
        if (!channel.canNotify()) {
            return new Outgoing(null, method,
                    Future.failedFuture(new IllegalStateException("the client cannot be reached: no open stream for " + method)));
        }
        String id = "jitgate-" + UUID.randomUUID();
        Promise<JsonObject> promise = Promise.promise();
        inFlight.put(id, promise);
        long timer = context.owner().setTimer(Math.max(1, timeout.toMillis()), t -> {
            if (giveUp(channel, id, "no answer within " + timeout)) {
                promise.tryFail(new TimeoutException("no answer to " + method + " within " + timeout));
            }
        });
        channel.notify(new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", method).put("params", params));
        return new Outgoing(id, method, promise.future().onComplete(done -> context.owner().cancelTimer(timer)));
    }

    /**
     * Stops waiting for the answer to {@code outgoing}: its future fails with {@link Cancelled} and
     * the client is told with {@code notifications/cancelled}. Returns false if it was answered,
     * timed out or cancelled already.
     */
    public boolean cancel(Notifier channel, Outgoing outgoing, String reason) {
        if (outgoing.id() == null) {
            return false;
        }
        Promise<JsonObject> promise = inFlight.get(outgoing.id());
        if (promise == null || !giveUp(channel, outgoing.id(), reason)) {
            return false;
        }
        promise.tryFail(new Cancelled(outgoing.method() + " was cancelled: " + reason));
        return true;
    }

    private boolean giveUp(Notifier channel, String id, String reason) {
        if (inFlight.remove(id) == null) {
            return false;
        }
        finished.put(id, Boolean.TRUE);
        if (channel.canNotify()) {
            channel.notify(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/cancelled")
                    .put("params", new JsonObject().put("requestId", id).put("reason", reason)));
        }
        return true;
    }

    /** Takes a response from the client (a message of kind {@link McpMessage.Kind#RESPONSE}). */
    public Acceptance accept(McpMessage response) {
        String id = response.id() == null ? null : String.valueOf(response.id());
        Promise<JsonObject> promise = id == null || !(response.id() instanceof String) ? null : inFlight.remove(id);
        if (promise == null) {
            return id != null && finished.containsKey(id) ? Acceptance.ALREADY_ANSWERED : Acceptance.UNKNOWN_ID;
        }
        finished.put(id, Boolean.TRUE);
        JsonObject error = response.params().getJsonObject("error");
        if (error != null) {
            promise.tryFail(new ClientError(error.getInteger("code", JsonRpc.INTERNAL_ERROR), error.getString("message", "error")));
        } else {
            Object result = response.params().getValue("result");
            promise.tryComplete(result instanceof JsonObject o ? o : new JsonObject());
        }
        return Acceptance.ACCEPTED;
    }

    /** Requests sent and not yet answered. */
    public int pending() {
        return inFlight.size();
    }
}
