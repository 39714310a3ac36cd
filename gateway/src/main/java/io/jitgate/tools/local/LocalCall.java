package io.jitgate.tools.local;

import io.jitgate.pipeline.ClientChannel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * One call of a local tool: the validated arguments, the line to the client, and a timer that does
 * not block the event loop.
 */
public record LocalCall(String callId, JsonObject arguments, ClientChannel client, Vertx vertx) {
    /** Completes after {@code delay}, on the caller's context. */
    public Future<Void> pause(Duration delay) {
        Promise<Void> done = Promise.promise();
        vertx.setTimer(Math.max(1, delay.toMillis()), id -> done.complete());
        return done.future();
    }
}
