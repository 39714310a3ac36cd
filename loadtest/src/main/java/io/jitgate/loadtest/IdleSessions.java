package io.jitgate.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What many open, idle MCP sessions cost the gateway: opens {@code --sessions} sessions (initialize
 * and notifications/initialized, nothing else) and reports the gateway's resident memory before and
 * after, from Linux's {@code /proc/PID/status}.
 */
@Command(name = "sessions", description = "Resident memory of the gateway with many idle sessions open.")
final class IdleSessions implements Callable<Integer> {
    @Mixin
    RunningGateway gateway;




    @Option(names = "--pid", required = true, description = "the gateway's process id")
    long pid;

    @Option(names = "--sessions", defaultValue = "1000")
    int sessions;

    @Option(names = "--warmup-sessions", defaultValue = "300", description = "opened (and kept) before the baseline, so JIT and heap warm-up are not counted")
    int warmupSessions;

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true));
            List<McpSession> warm = open(client, warmupSessions);
            Thread.sleep(2_000);
            long before = residentKib();
            List<McpSession> open = open(client, sessions);
            Thread.sleep(2_000);
            long after = residentKib();
            System.out.printf(Locale.ROOT, "%d idle sessions open: gateway resident memory %.1f MiB before the last %d, %.1f MiB after (%.1f KiB per session)%n",
                    open.size() + warm.size(), before / 1024.0, open.size(), after / 1024.0, (after - before) / (double) open.size());
            return 0;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private List<McpSession> open(WebClient client, int count) throws Exception {
        List<McpSession> open = new ArrayList<>();
        for (int batch = 0; batch < count; batch += 50) {
            List<Future<McpSession>> opening = new ArrayList<>();
            for (int i = batch; i < Math.min(count, batch + 50); i++) {
                opening.add(new McpSession(client, gateway.url, gateway.token).open());
            }
            for (Future<McpSession> f : opening) {
                open.add(f.await(30, TimeUnit.SECONDS));
            }
        }
        return open;
    }

    private long residentKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }
}
