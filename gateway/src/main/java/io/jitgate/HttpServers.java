package io.jitgate;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The gateway's HTTP listeners: one server per event loop on the same port (Vert.x spreads the
 * connections over them), so decoding, token checks and policy decisions use every core. Port 0
 * means a free port, chosen once for all the servers (Vert.x shares a port between servers only
 * when they ask for the same one).
 */
final class HttpServers {
    private final Vertx vertx;
    private final List<String> deployments = new ArrayList<>();
    private int port;

    private HttpServers(Vertx vertx) {
        this.vertx = vertx;
    }

    static Future<HttpServers> start(Vertx vertx, String host, int port, int instances, Supplier<Router> routers) {
        if (instances < 1) {
            return Future.failedFuture(new IllegalArgumentException("http.eventLoops must be >= 1, but was " + instances));
        }
        HttpServers servers = new HttpServers(vertx);
        int chosen;
        try {
            chosen = port == 0 && instances > 1 ? freePort(host) : port;
        } catch (java.io.IOException e) {
            return Future.failedFuture(e);
        }
        return servers.deploy(host, chosen, instances, routers)
                .recover(cause -> servers.close().transform(ignored -> Future.failedFuture(cause)));
    }

    private static int freePort(String host) throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    private Future<HttpServers> deploy(String host, int requestedPort, int instances, Supplier<Router> routers) {
        return vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(requestedPort))
                        .requestHandler(routers.get())
                        .listen()
                        .onSuccess(this::remember);
            }

            private void remember(HttpServer server) {
                synchronized (HttpServers.this) {
                    port = server.actualPort();
                }
            }
        }, new DeploymentOptions().setInstances(instances)).map(id -> {
            deployments.add(id);
            return this;
        });
    }

    synchronized int port() {
        return port;
    }

    Future<Void> close() {
        List<Future<Void>> undeployed = new ArrayList<>();
        deployments.forEach(id -> undeployed.add(vertx.undeploy(id)));
        return Future.join(undeployed).mapEmpty();
    }
}
