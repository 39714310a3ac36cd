package io.jitgate.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.pipeline.ClientRequestFailed;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call's requests to its client: sent only for a declared capability, answered, refused, timed
 * out or cancelled, each failure a {@link ClientRequestFailed} of its own kind, and the client told
 * with {@code notifications/cancelled} of every request the gateway stops waiting for.
 */
class CallClientRequestsTest {
    final Vertx vertx = Vertx.vertx();
    final Context context = vertx.getOrCreateContext();
    final List<JsonObject> sent = new CopyOnWriteArrayList<>();
    boolean reachable = true;
    final Notifier channel = new Notifier() {
        @Override
        public boolean canNotify() {
            return reachable;
        }

        @Override
        public void notify(JsonObject message) {
            sent.add(message);
        }
    };

    @AfterEach
    void close() {
        vertx.close();
    }

    SessionState session(JsonObject capabilities) {
        SessionState session = new SessionState("s-1", "agent", "2025-11-25", Instant.now());
        session.clientCapabilities(capabilities);
        return session;
    }

    /** Runs {@code request} on the Vert.x context and hands back its (maybe still pending) future. */
    Future<JsonObject> onContext(Supplier<Future<JsonObject>> request) throws Exception {
        Promise<Future<JsonObject>> started = Promise.promise();
        context.runOnContext(v -> started.complete(request.get()));
        return started.future().await(5, TimeUnit.SECONDS);
    }

    static ClientRequestFailed failure(Future<JsonObject> answer) throws Exception {
        Throwable cause = answer.transform(ar -> Future.succeededFuture(ar.cause())).await(5, TimeUnit.SECONDS);
        assertThat(cause).isInstanceOf(ClientRequestFailed.class);
        return (ClientRequestFailed) cause;
    }

    static McpMessage answer(Object id, JsonObject result) {
        return McpMessage.parse(new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result));
    }

    @Test
    void aDeclaredCapabilityGetsItsRequestSentAndTheClientsResultBack() throws Exception {
        SessionState session = session(new JsonObject().put("sampling", new JsonObject()));
        CallClientRequests requests = new CallClientRequests(session, channel);
        JsonObject params = new JsonObject().put("maxTokens", 100);
        Future<JsonObject> result = onContext(() -> requests.request("sampling/createMessage", params, Duration.ofMinutes(1)));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getString("method")).isEqualTo("sampling/createMessage");
        assertThat(sent.get(0).getJsonObject("params")).isEqualTo(params);
        assertThat(requests.pending()).isOne();
        assertThat(session.clientRequests().accept(answer(sent.get(0).getString("id"), new JsonObject().put("model", "m"))))
                .isEqualTo(ClientRequests.Acceptance.ACCEPTED);
        assertThat(result.await(5, TimeUnit.SECONDS).getString("model")).isEqualTo("m");
        assertThat(requests.pending()).isZero();
    }

    @Test
    void anUndeclaredCapabilityOrAMethodJitgateDoesNotSendIsRefusedWithoutSendingAnything() throws Exception {
        CallClientRequests bare = new CallClientRequests(session(new JsonObject()), channel);
        ClientRequestFailed sampling = failure(onContext(() -> bare.request("sampling/createMessage", new JsonObject(), Duration.ofMinutes(1))));
        assertThat(sampling.kind()).isEqualTo(ClientRequestFailed.Kind.NOT_SUPPORTED);
        assertThat(sampling).hasMessageContaining("did not declare the sampling capability");
        assertThat(failure(onContext(() -> bare.request("elicitation/create", new JsonObject(), Duration.ofMinutes(1)))))
                .hasMessageContaining("elicitation (form mode)");
        assertThat(failure(onContext(() -> bare.request("roots/list", new JsonObject(), Duration.ofMinutes(1)))))
                .hasMessageContaining("roots");

        CallClientRequests formOnly = new CallClientRequests(session(new JsonObject()
                .put("elicitation", new JsonObject().put("form", new JsonObject()))), channel);
        assertThat(failure(onContext(() -> formOnly.request("elicitation/create", new JsonObject().put("mode", "url"), Duration.ofMinutes(1)))))
                .hasMessageContaining("elicitation.url");
        assertThat(failure(onContext(() -> formOnly.request("elicitation/create", new JsonObject().put("mode", "voice"), Duration.ofMinutes(1)))))
                .hasMessageContaining("must be form or url, not voice");
        ClientRequestFailed unknown = failure(onContext(() -> formOnly.request("tools/call", new JsonObject(), Duration.ofMinutes(1))));
        assertThat(unknown.kind()).isEqualTo(ClientRequestFailed.Kind.NOT_SUPPORTED);
        assertThat(unknown).hasMessageContaining("does not send tools/call");
        assertThat(sent).isEmpty();
    }

    @Test
    void aClientThatCannotBeReachedIsToldApartFromOneThatAnswersWithAnError() throws Exception {
        SessionState session = session(new JsonObject().put("elicitation", new JsonObject()));
        CallClientRequests requests = new CallClientRequests(session, channel);
        reachable = false;
        assertThat(failure(onContext(() -> requests.request("elicitation/create", new JsonObject(), Duration.ofMinutes(1)))).kind())
                .isEqualTo(ClientRequestFailed.Kind.UNREACHABLE);
        assertThat(sent).isEmpty();

        reachable = true;
        Future<JsonObject> refused = onContext(() -> requests.request("elicitation/create", new JsonObject(), Duration.ofMinutes(1)));
        session.clientRequests().accept(McpMessage.parse(new JsonObject().put("jsonrpc", "2.0").put("id", sent.get(0).getString("id"))
                .put("error", new JsonObject().put("code", -32601).put("message", "no handler"))));
        ClientRequestFailed error = failure(refused);
        assertThat(error.kind()).isEqualTo(ClientRequestFailed.Kind.CLIENT_ERROR);
        assertThat(error).hasMessage("The client answered elicitation/create with error -32601: no handler");
    }

    @Test
    void anUnansweredRequestTimesOutAndTheClientIsToldItWasCancelled() throws Exception {
        SessionState session = session(new JsonObject().put("sampling", new JsonObject()));
        CallClientRequests requests = new CallClientRequests(session, channel);
        ClientRequestFailed timedOut = failure(onContext(() -> requests.request("sampling/createMessage", new JsonObject(), Duration.ofMillis(1))));
        assertThat(timedOut.kind()).isEqualTo(ClientRequestFailed.Kind.TIMED_OUT);
        String id = sent.get(0).getString("id");
        assertThat(sent.get(1).getString("method")).isEqualTo("notifications/cancelled");
        assertThat(sent.get(1).getJsonObject("params").getString("requestId")).isEqualTo(id);
        assertThat(session.clientRequests().accept(answer(id, new JsonObject()))).isEqualTo(ClientRequests.Acceptance.ALREADY_ANSWERED);
    }

    @Test
    void closingTheCallCancelsWhatIsPendingTellsTheClientAndRefusesNewRequests() throws Exception {
        SessionState session = session(new JsonObject().put("sampling", new JsonObject()));
        CallClientRequests requests = new CallClientRequests(session, channel);
        Future<JsonObject> waiting = onContext(() -> requests.request("sampling/createMessage", new JsonObject(), Duration.ofMinutes(1)));
        String id = sent.get(0).getString("id");
        requests.close("the call was cancelled: user pressed stop");
        ClientRequestFailed cancelled = failure(waiting);
        assertThat(cancelled.kind()).isEqualTo(ClientRequestFailed.Kind.CANCELLED);
        assertThat(cancelled).hasMessageContaining("user pressed stop");
        assertThat(sent.get(1).getString("method")).isEqualTo("notifications/cancelled");
        assertThat(sent.get(1).getJsonObject("params").getString("requestId")).isEqualTo(id);
        assertThat(session.clientRequests().accept(answer(id, new JsonObject()))).isEqualTo(ClientRequests.Acceptance.ALREADY_ANSWERED);
        assertThat(requests.pending()).isZero();

        ClientRequestFailed late = failure(onContext(() -> requests.request("sampling/createMessage", new JsonObject(), Duration.ofMinutes(1))));
        assertThat(late.kind()).isEqualTo(ClientRequestFailed.Kind.CANCELLED);
        assertThat(sent).hasSize(2);
    }
}
