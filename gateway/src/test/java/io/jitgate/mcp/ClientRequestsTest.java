package io.jitgate.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Server-to-client requests: the response completes its future once; stray, duplicate and late responses are refused. */
class ClientRequestsTest {
    final Vertx vertx = Vertx.vertx();
    final List<JsonObject> sent = new CopyOnWriteArrayList<>();
    final Notifier channel = new Notifier() {
        @Override
        public boolean canNotify() {
            return true;
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

    Future<JsonObject> send(ClientRequests requests, Duration timeout) throws Exception {
        return vertx.getOrCreateContext().<Future<JsonObject>>executeBlocking(() -> null).transform(ignored ->
                Future.succeededFuture(requests.send(channel, "sampling/createMessage", new JsonObject().put("x", 1), timeout)))
                .await(5, TimeUnit.SECONDS);
    }

    static McpMessage response(Object id, JsonObject result) {
        return McpMessage.parse(new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result));
    }

    @Test
    void aResponseCompletesItsRequestOnceAndStrayOrRepeatedResponsesAreRefused() throws Exception {
        ClientRequests requests = new ClientRequests();
        Future<JsonObject> answer = send(requests, Duration.ofMinutes(1));
        JsonObject request = sent.get(0);
        assertThat(request.getString("method")).isEqualTo("sampling/createMessage");
        assertThat(request.getJsonObject("params").getInteger("x")).isEqualTo(1);
        String id = request.getString("id");

        assertThat(requests.accept(response("jitgate-unknown", new JsonObject()))).isEqualTo(ClientRequests.Acceptance.UNKNOWN_ID);
        assertThat(requests.accept(response(7, new JsonObject()))).isEqualTo(ClientRequests.Acceptance.UNKNOWN_ID);
        assertThat(answer.isComplete()).isFalse();
        assertThat(requests.accept(response(id, new JsonObject().put("role", "assistant")))).isEqualTo(ClientRequests.Acceptance.ACCEPTED);
        assertThat(answer.await(5, TimeUnit.SECONDS).getString("role")).isEqualTo("assistant");
        assertThat(requests.accept(response(id, new JsonObject()))).isEqualTo(ClientRequests.Acceptance.ALREADY_ANSWERED);
        assertThat(requests.pending()).isZero();
    }

    @Test
    void anErrorResponseFailsTheRequestAndNoResponseTimesItOut() throws Exception {
        ClientRequests requests = new ClientRequests();
        Future<JsonObject> failing = send(requests, Duration.ofMinutes(1));
        String id = sent.get(0).getString("id");
        McpMessage error = McpMessage.parse(new JsonObject().put("jsonrpc", "2.0").put("id", id)
                .put("error", new JsonObject().put("code", -1).put("message", "user rejected")));
        assertThat(requests.accept(error)).isEqualTo(ClientRequests.Acceptance.ACCEPTED);
        Throwable cause = failing.transform(ar -> Future.succeededFuture(ar.cause())).await(5, TimeUnit.SECONDS);
        assertThat(cause).isInstanceOf(ClientRequests.ClientError.class).hasMessage("user rejected");

        Future<JsonObject> unanswered = send(requests, Duration.ofMillis(1));
        Throwable timeout = unanswered.transform(ar -> Future.succeededFuture(ar.cause())).await(5, TimeUnit.SECONDS);
        assertThat(timeout).isInstanceOf(TimeoutException.class);
        assertThat(requests.accept(response(sent.get(1).getString("id"), new JsonObject())))
                .as("a late answer").isEqualTo(ClientRequests.Acceptance.ALREADY_ANSWERED);
    }
}
