package io.jitgate.mcp;

import io.jitgate.pipeline.ClientRequestFailed;
import io.jitgate.pipeline.ClientRequestFailed.Kind;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The requests one {@code tools/call} sends to its client while it runs (the seam behind
 * {@link io.jitgate.pipeline.ClientChannel#request}): sends a method only if the client declared the
 * capability it needs, opens the answer's stream if it is still a plain JSON answer, goes through
 * the session's {@link ClientRequests}, and cancels what is still unanswered when the call is
 * cancelled or ends (the client then gets {@code notifications/cancelled}). Every failure is a
 * {@link ClientRequestFailed} the tool can pass on to the model. Thread-safe.
 */
final class CallClientRequests {
    private record Pending(ClientRequests.Outgoing outgoing, Context context) {
    }

    private final SessionState session;
    private final Notifier notifier;
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
    private volatile String closedBecause;

    CallClientRequests(SessionState session, Notifier notifier) {
        this.session = session;
        this.notifier = notifier;
    }

    /** Sends {@code method}; call on a Vert.x context. See {@link io.jitgate.pipeline.ClientChannel#request}. */
    Future<JsonObject> request(String method, JsonObject params, Duration timeout) {
        Optional<String> refusal = refusal(method, params);
        if (refusal.isPresent()) {
            return Future.failedFuture(new ClientRequestFailed(Kind.NOT_SUPPORTED, refusal.get()));
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a request to the client needs a positive timeout, not " + timeout);
        }
        String closed = closedBecause;
        if (closed != null) {
            return Future.failedFuture(new ClientRequestFailed(Kind.CANCELLED, method + " was not sent: " + closed));
        }
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("a request to the client must be sent from a Vert.x context");
        }
        if (!notifier.openStream() || !notifier.connected()) {
            return Future.failedFuture(new ClientRequestFailed(Kind.UNREACHABLE,
                    "The client cannot be reached for " + method + ": the answer has no open stream"));
        }
        ClientRequests.Outgoing outgoing = session.clientRequests().start(notifier, method, params, timeout);
        Pending entry = new Pending(outgoing, context);
        pending.add(entry);
        closed = closedBecause;
        if (closed != null) {
            session.clientRequests().cancel(notifier, outgoing, closed);
        }
        return outgoing.answer()
                .onComplete(done -> pending.remove(entry))
                .recover(cause -> Future.failedFuture(failure(method, timeout, cause)));
    }

    /** Gives up on every request still unanswered, and refuses new ones, because of {@code reason}. */
    void close(String reason) {
        closedBecause = reason;
        for (Pending entry : pending) {
            entry.context().runOnContext(v -> session.clientRequests().cancel(notifier, entry.outgoing(), reason));
        }
    }

    /** Requests sent and not yet answered or given up on. */
    int pending() {
        return pending.size();
    }

    /** Why {@code method} may not be sent to this session's client, if it may not. */
    private Optional<String> refusal(String method, JsonObject params) {
        JsonObject declared = session.clientCapabilities();
        return switch (method == null ? "" : method) {
            case "sampling/createMessage" -> declared.getValue("sampling") instanceof JsonObject
                    ? Optional.empty() : Optional.of(notDeclared("sampling", method));
            case "roots/list" -> declared.getValue("roots") instanceof JsonObject
                    ? Optional.empty() : Optional.of(notDeclared("roots", method));
            case "elicitation/create" -> elicitationRefusal(declared, params);
            default -> Optional.of("jitgate does not send " + (method == null ? "a request without a method" : method)
                    + " to clients; a tool may send sampling/createMessage, elicitation/create or roots/list");
        };
    }

    private Optional<String> elicitationRefusal(JsonObject declared, JsonObject params) {
        Object mode = params == null ? null : params.getValue("mode");
        if (mode == null || "form".equals(mode)) {
            return session.supportsElicitation() ? Optional.empty() : Optional.of(notDeclared("elicitation (form mode)", "elicitation/create"));
        }
        if ("url".equals(mode)) {
            return declared.getValue("elicitation") instanceof JsonObject e && e.getValue("url") instanceof JsonObject
                    ? Optional.empty() : Optional.of(notDeclared("elicitation.url", "elicitation/create in url mode"));
        }
        return Optional.of("elicitation/create mode must be form or url, not " + mode);
    }

    private static String notDeclared(String capability, String method) {
        return "The client did not declare the " + capability + " capability, so it cannot be sent " + method;
    }

    private static ClientRequestFailed failure(String method, Duration timeout, Throwable cause) {
        if (cause instanceof ClientRequests.ClientError error) {
            return new ClientRequestFailed(Kind.CLIENT_ERROR,
                    "The client answered " + method + " with error " + error.code() + ": " + error.getMessage());
        }
        if (cause instanceof TimeoutException) {
            return new ClientRequestFailed(Kind.TIMED_OUT, "The client did not answer " + method + " within " + timeout);
        }
        if (cause instanceof ClientRequests.Cancelled) {
            return new ClientRequestFailed(Kind.CANCELLED, cause.getMessage());
        }
        return new ClientRequestFailed(Kind.UNREACHABLE, "The client cannot be reached for " + method + ": " + cause.getMessage());
    }
}
