package io.jitgate.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What durable audit costs: the same closed-loop load against two gateways on the same stack, one
 * writing the fsync'd attribution log and one discarding records ({@code --benchmark-discard-audit}),
 * in alternating rounds (A B A B ...) so drift affects both alike. Reports each round's throughput,
 * the generator's CPU and each gateway's CPU, then medians and the durable/discard ratio. Only calls
 * that end with the expected reason word count as done; any other (a rate limit, a failure) is an
 * error, so a gateway that refuses calls cannot look fast.
 */
@Command(name = "audit-cost", description = "Throughput of the durable audit log against a discarding sink, side by side.")
final class AuditCost implements Callable<Integer> {
    @Option(names = "--durable", required = true, description = "MCP URL of the gateway with the attribution log") URI durable;
    @Option(names = "--discard", required = true, description = "MCP URL of the gateway started with --benchmark-discard-audit") URI discard;
    @Option(names = "--durable-pid", defaultValue = "0") long durablePid;
    @Option(names = "--discard-pid", defaultValue = "0") long discardPid;
    @Option(names = "--token", required = true) String token;
    @Option(names = "--tool", defaultValue = "whoami") String tool;
    @Option(names = "--arguments", defaultValue = "{}") String arguments;
    @Option(names = "--concurrency", defaultValue = "16") int concurrency;
    @Option(names = "--seconds", defaultValue = "5", description = "length of one round") int seconds;
    @Option(names = "--rounds", defaultValue = "5", description = "rounds per gateway") int rounds;
    @Option(names = "--warmup-seconds", defaultValue = "3") int warmupSeconds;
    @Option(names = "--json", description = "also write the result as JSON to this file") Path json;
    @Option(names = "--expect-reason", defaultValue = "ok", description = "the reason word every call must end with "
            + "(_meta jitgate/reason; ok for a served call, e.g. invalid_arguments for the cheap path); any other counts as an error")
    String expectReason;

    private record Round(String sink, double callsPerSecond, double generatorCpu, double gatewayCpu, long errors) {
    }

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
                    new io.vertx.core.http.PoolOptions().setHttp1MaxSize(concurrency));
            List<McpSession> durableSessions = sessions(client, durable);
            List<McpSession> discardSessions = sessions(client, discard);
            JsonObject args = new JsonObject(arguments);
            run(vertx, durableSessions, args, warmupSeconds);
            run(vertx, discardSessions, args, warmupSeconds);
            List<Round> all = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                // pairs alternate which sink goes first (AB BA AB ...), so drift within a pair cancels out
                Round durableRound;
                Round discardRound;
                if (r % 2 == 0) {
                    durableRound = measure(vertx, "durable", durableSessions, args, durablePid);
                    discardRound = measure(vertx, "discard", discardSessions, args, discardPid);
                } else {
                    discardRound = measure(vertx, "discard", discardSessions, args, discardPid);
                    durableRound = measure(vertx, "durable", durableSessions, args, durablePid);
                }
                all.add(durableRound);
                all.add(discardRound);
            }
            JsonObject auditLog = client.getAbs(durable.resolve("/healthz").toString()).send()
                    .map(r -> r.bodyAsJsonObject().getJsonObject("auditLog")).await(10, TimeUnit.SECONDS);
            JsonObject report = report(all).put("durableAuditLog", auditLog);
            print(all, report);
            if (json != null) {
                Files.writeString(json, report.encodePrettily());
            }
            return 0;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private List<McpSession> sessions(WebClient client, URI url) throws Exception {
        List<McpSession> out = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            out.add(new McpSession(client, url, token).open().await(30, TimeUnit.SECONDS));
        }
        return out;
    }

    private Round measure(Vertx vertx, String sink, List<McpSession> sessions, JsonObject args, long pid) throws Exception {
        long cpu0 = processCpuNanos();
        long gw0 = GatewayCpu.nanos(pid);
        long t0 = System.nanoTime();
        long[] counts = run(vertx, sessions, args, seconds);
        long wall = System.nanoTime() - t0;
        double gatewayCpu = pid == 0 ? -1 : 100.0 * (GatewayCpu.nanos(pid) - gw0) / wall;
        return new Round(sink, counts[0] / (wall / 1e9), 100.0 * (processCpuNanos() - cpu0) / wall, gatewayCpu, counts[1]);
    }

    /** Closed loop: each session calls again as soon as its call returns, for {@code secs} seconds. Returns {done, errors}. */
    private long[] run(Vertx vertx, List<McpSession> sessions, JsonObject args, int secs) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(secs);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Future<Void>> loops = new ArrayList<>();
        for (McpSession session : sessions) {
            Promise<Void> finished = Promise.promise();
            vertx.runOnContext(v -> loop(session, args, end, done, errors, finished));
            loops.add(finished.future());
        }
        Future.all(loops).await(secs + 60L, TimeUnit.SECONDS);
        return new long[] {done.get(), errors.get()};
    }

    private void loop(McpSession session, JsonObject args, long end, AtomicLong done, AtomicLong errors, Promise<Void> finished) {
        if (System.nanoTime() >= end) {
            finished.complete();
            return;
        }
        session.callToolAnyResult(tool, args).onComplete(ar -> {
            if (ar.succeeded() && expectReason.equals(reasonOf(ar.result()))) {
                done.incrementAndGet();
            } else {
                errors.incrementAndGet();
            }
            loop(session, args, end, done, errors, finished);
        });
    }

    /** The reason word of a tools/call result: ok for a success, else the gateway's _meta jitgate/reason. */
    static String reasonOf(JsonObject result) {
        if (!result.getBoolean("isError", false)) {
            return "ok";
        }
        JsonObject meta = result.getJsonObject("_meta");
        return meta == null ? "error" : meta.getString("jitgate/reason", "error");
    }

    private JsonObject report(List<Round> all) {
        double durableRate = median(all, "durable", Round::callsPerSecond);
        double discardRate = median(all, "discard", Round::callsPerSecond);
        List<Double> paired = new ArrayList<>();
        for (int i = 0; i + 1 < all.size(); i += 2) {
            paired.add(all.get(i).callsPerSecond() / all.get(i + 1).callsPerSecond());
        }
        Collections.sort(paired);
        double pairedMedian = paired.isEmpty() ? Double.NaN : paired.size() % 2 == 1 ? paired.get(paired.size() / 2)
                : (paired.get(paired.size() / 2 - 1) + paired.get(paired.size() / 2)) / 2;
        JsonArray rows = new JsonArray();
        all.forEach(r -> rows.add(new JsonObject().put("sink", r.sink()).put("callsPerSecond", r.callsPerSecond())
                .put("generatorCpuPercent", r.generatorCpu()).put("gatewayCpuPercent", r.gatewayCpu()).put("errors", r.errors())));
        return new JsonObject().put("tool", tool).put("arguments", new JsonObject(arguments)).put("concurrency", concurrency)
                .put("secondsPerRound", seconds).put("roundsPerSink", rounds)
                .put("durableMedianCallsPerSecond", durableRate).put("discardMedianCallsPerSecond", discardRate)
                .put("durableOverDiscard", durableRate / discardRate)
                .put("pairedRatioMedian", pairedMedian).put("costPercent", 100.0 * (1 - durableRate / discardRate))
                .put("durableMedianGatewayCpuPercent", median(all, "durable", Round::gatewayCpu))
                .put("discardMedianGatewayCpuPercent", median(all, "discard", Round::gatewayCpu))
                .put("medianGeneratorCpuPercent", median(all, null, Round::generatorCpu))
                .put("rounds", rows)
                .put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                        + " " + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version"));
    }

    private static double median(List<Round> all, String sink, java.util.function.ToDoubleFunction<Round> value) {
        List<Double> values = new ArrayList<>();
        all.stream().filter(r -> sink == null || r.sink().equals(sink)).forEach(r -> values.add(value.applyAsDouble(r)));
        Collections.sort(values);
        int n = values.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private static void print(List<Round> all, JsonObject report) {
        System.out.printf(Locale.ROOT, "audit cost: %s %s, %d concurrent sessions, %d rounds of %d s per sink (%s)%n",
                report.getString("tool"), report.getJsonObject("arguments").encode(), report.getInteger("concurrency"),
                report.getInteger("roundsPerSink"), report.getInteger("secondsPerRound"), report.getString("machine"));
        System.out.printf(Locale.ROOT, "%-8s %10s %14s %14s %7s%n", "sink", "calls/s", "generator CPU", "gateway CPU", "errors");
        for (Round r : all) {
            System.out.printf(Locale.ROOT, "%-8s %10.0f %13.0f%% %13.0f%% %7d%n", r.sink(), r.callsPerSecond(), r.generatorCpu(),
                    r.gatewayCpu(), r.errors());
        }
        System.out.printf(Locale.ROOT, "median of per-round-pair ratios durable/discard: %.3f%n", report.getDouble("pairedRatioMedian"));
        System.out.printf(Locale.ROOT, "median calls/s: durable %.0f, discard %.0f; durable/discard %.3f (cost %.1f%%); "
                        + "gateway CPU durable %.0f%%, discard %.0f%%; generator CPU %.0f%%%n",
                report.getDouble("durableMedianCallsPerSecond"), report.getDouble("discardMedianCallsPerSecond"),
                report.getDouble("durableOverDiscard"), report.getDouble("costPercent"),
                report.getDouble("durableMedianGatewayCpuPercent"), report.getDouble("discardMedianGatewayCpuPercent"),
                report.getDouble("medianGeneratorCpuPercent"));
        JsonObject log = report.getJsonObject("durableAuditLog");
        if (log != null) {
            System.out.printf(Locale.ROOT, "durable log over the whole run: %d records in %d fsyncs (%.1f records per fsync), mean write+fsync %.2f ms%n",
                    log.getLong("recordsWritten"), log.getLong("commits"), log.getDouble("recordsPerCommit"), log.getDouble("meanCommitMs"));
        }
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }
}
