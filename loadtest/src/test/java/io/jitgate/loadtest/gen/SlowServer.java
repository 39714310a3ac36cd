package io.jitgate.loadtest.gen;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * A fake server for the generator's tests: one HTTP request at a time, each taking {@code serviceMs}
 * (a timer, so no thread sleeps); requests that arrive meanwhile wait in a queue, like a server
 * whose capacity is {@code 1000 / serviceMs} calls per second.
 */
final class SlowServer implements AutoCloseable {
    private final Vertx vertx;
    private final long serviceMs;
    private final Queue<HttpServerRequest> waiting = new ArrayDeque<>();
    private final HttpServer server;
    private boolean busy;

    SlowServer(Vertx vertx, long serviceMs) throws Exception {
        this.vertx = vertx;
        this.serviceMs = serviceMs;
        this.server = vertx.createHttpServer().requestHandler(this::arrived).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    private void arrived(HttpServerRequest request) {
        request.pause();
        waiting.add(request);
        serveNext();
    }

    private void serveNext() {
        if (busy || waiting.isEmpty()) {
            return;
        }
        busy = true;
        HttpServerRequest next = waiting.poll();
        vertx.setTimer(serviceMs, t -> {
            next.resume();
            next.response().end("{\"ok\":true}");
            busy = false;
            serveNext();
        });
    }

    @Override
    public void close() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
    }
}
