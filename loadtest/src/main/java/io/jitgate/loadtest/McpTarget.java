package io.jitgate.loadtest;

import io.jitgate.loadtest.gen.TargetProcess;
import io.jitgate.loadtest.gen.Workload;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An MCP server under load: its URL, bearer token (null for none), process (for CPU and memory)
 * and the calls to make. {@link #open} opens the sessions and returns the workload, which spreads
 * calls over the sessions in turn.
 */
record McpTarget(String label, URI url, String token, TargetProcess process, CallMix mix) {
    /** Seconds a connection may stay idle in the generator's pool. */
    static final int IDLE_CONNECTION_SECONDS = 2;

    /** Opens {@code sessions} sessions over at most {@code connections} HTTP connections. */
    Workload open(Vertx vertx, int sessions, int connections) throws Exception {
        // Connections idle longer than this are closed by the generator, before the server's own idle
        // timeout (5 s in Node and uvicorn) can close one under a request sent as it does so, which
        // would count as the server's error (ADR 0010).
        WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                        .setKeepAliveTimeout(IDLE_CONNECTION_SECONDS),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        List<McpSession> open = new ArrayList<>();
        for (int batch = 0; batch < sessions; batch += 50) {
            List<Future<McpSession>> opening = new ArrayList<>();
            for (int i = batch; i < Math.min(sessions, batch + 50); i++) {
                opening.add(new McpSession(client, url, token).open());
            }
            for (Future<McpSession> f : opening) {
                open.add(f.await(60, TimeUnit.SECONDS));
            }
        }
        return n -> {
            CallMix.Entry call = mix.pick(n);
            return open.get((int) (n % open.size())).callTool(call.tool(), call.arguments(), call.meta());
        };
    }
}
