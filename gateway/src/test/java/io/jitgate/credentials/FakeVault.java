package io.jitgate.credentials;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for Vault's HTTP API, for unit tests of the gateway's Vault client only: AppRole logins
 * answer a new token each time ({@code token-1}, {@code token-2}, ...), every other request gets the
 * next scripted answer (or 204 when none is left), and each request is remembered with its token.
 */
final class FakeVault implements AutoCloseable {
    /** A request as Vault saw it. */
    record Request(String path, String token, JsonObject body) {
    }

    /** A scripted answer; {@code status} 0 means never answer at all. */
    record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private int logins;

    FakeVault(Vertx vertx) throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String path = req.path().substring("/v1/".length());
            JsonObject json = body.length() == 0 ? new JsonObject() : body.toJsonObject();
            requests.add(new Request(path, req.getHeader("X-Vault-Token"), json));
            if (path.equals("auth/approle/login")) {
                int n;
                synchronized (this) {
                    n = ++logins;
                }
                req.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("lease_id", "").put("renewable", false)
                        .put("lease_duration", 0).putNull("data").put("auth", new JsonObject()
                        .put("client_token", "token-" + n).put("accessor", "accessor-" + n).put("policies", new io.vertx.core.json.JsonArray().add("default"))
                        .put("token_policies", new io.vertx.core.json.JsonArray().add("default")).put("metadata", new JsonObject())
                        .put("lease_duration", 3600).put("renewable", true)).encode());
                return;
            }
            Answer answer;
            synchronized (this) {
                answer = script.poll();
            }
            if (answer == null) {
                req.response().setStatusCode(204).end();
            } else if (answer.status() != 0) {
                req.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json").end(answer.body());
            }
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    /** Answers the next non-login requests with these, in order. */
    synchronized FakeVault then(int status, String body) {
        script.add(new Answer(status, body));
        return this;
    }

    synchronized int logins() {
        return logins;
    }

    int port() {
        return server.actualPort();
    }

    List<Request> requestsTo(String prefix) {
        return requests.stream().filter(r -> r.path().startsWith(prefix)).toList();
    }

    @Override
    public void close() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
    }
}
