package io.jitgate.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A {@code tools/call} that reads an object with per-call credentials, through the gateway, versus
 * the same unavoidable work done directly ({@link DirectPath}), at the same concurrency, in
 * alternating rounds of the same run. Reports each side's median latency and throughput and their
 * ratios (median of the rounds).
 */
@Command(name = "full-path", description = "Gateway tools/call vs the direct OpenBao + S3 path, side by side.")
final class FullPath implements Callable<Integer> {
    @Mixin
    RunningGateway gateway;




    @Option(names = "--config", required = true, description = "the gateway's configuration (for the direct path's Vault and AWS settings)")
    Path config;

    @Option(names = "--concurrency", defaultValue = "4")
    int concurrency;

    @Option(names = "--calls", defaultValue = "400", description = "calls per round and side")
    int calls;

    @Option(names = "--rounds", defaultValue = "3")
    int rounds;

    @Option(names = "--warmup", defaultValue = "200")
    int warmup;

    @Option(names = "--json")
    Path json;

    @Option(names = "--second-url", description = "a second gateway measured in the same rounds (e.g. one started with --benchmark-discard-audit)")
    java.net.URI secondUrl;

    @Option(names = "--second-label", defaultValue = "second")
    String secondLabel;

    @Option(names = "--direct-narrowed", description = "also measure the direct path with the second AssumeRole that "
            + "s3_read_object's narrowing makes in the gateway (the gateway's ratio to it is reported too)")
    boolean directNarrowed;

    record Round(double medianMs, double p99Ms, double callsPerSecond) {
    }

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.vertx();
        JsonObject gatewayConfig = new JsonObject(Files.readString(config));
        try (DirectPath direct = new DirectPath(WebClient.create(vertx, new WebClientOptions().setKeepAlive(true)), gatewayConfig,
                "s3-read-object", "jitgate-demo", "readme.txt")) {
            WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true));
            List<McpSession> sessions = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                sessions.add(new McpSession(client, gateway.url, gateway.token).open().await(30, TimeUnit.SECONDS));
            }
            direct.login(gatewayConfig).await(30, TimeUnit.SECONDS);
            JsonObject args = new JsonObject().put("bucket", "jitgate-demo").put("key", "readme.txt");
            AtomicInteger names = new AtomicInteger();
            List<Supplier<Future<?>>> gatewayWork = new ArrayList<>();
            List<Supplier<Future<?>>> directWork = new ArrayList<>();
            List<Supplier<Future<?>>> secondWork = new ArrayList<>();
            List<Supplier<Future<?>>> narrowedWork = new ArrayList<>();
            for (McpSession session : sessions) {
                gatewayWork.add(() -> session.callTool("s3_read_object", args, null));
                directWork.add(() -> direct.once("bench-" + names.incrementAndGet()));
                narrowedWork.add(() -> direct.once("bench-" + names.incrementAndGet(), true));
            }
            if (directNarrowed) {
                run(narrowedWork, warmup);
            }
            if (secondUrl != null) {
                for (int i = 0; i < concurrency; i++) {
                    McpSession session = new McpSession(client, secondUrl, gateway.token).open().await(30, TimeUnit.SECONDS);
                    secondWork.add(() -> session.callTool("s3_read_object", args, null));
                }
                run(secondWork, warmup);
            }
            run(gatewayWork, warmup);
            run(directWork, warmup);
            List<Round> viaGateway = new ArrayList<>();
            List<Round> viaDirect = new ArrayList<>();
            List<Round> viaSecond = new ArrayList<>();
            List<Round> viaNarrowed = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                viaGateway.add(run(gatewayWork, calls));
                if (secondUrl != null) {
                    viaSecond.add(run(secondWork, calls));
                }
                viaDirect.add(run(directWork, calls));
                if (directNarrowed) {
                    viaNarrowed.add(run(narrowedWork, calls));
                }
            }
            JsonObject report = report(viaGateway, viaDirect);
            if (directNarrowed) {
                List<Double> ratios = new ArrayList<>();
                List<Double> secondRatios = new ArrayList<>();
                JsonArray rows = new JsonArray();
                for (int i = 0; i < viaNarrowed.size(); i++) {
                    ratios.add(viaGateway.get(i).medianMs() / viaNarrowed.get(i).medianMs());
                    if (secondUrl != null) {
                        secondRatios.add(viaSecond.get(i).medianMs() / viaNarrowed.get(i).medianMs());
                    }
                    rows.add(new JsonObject().put("round", i + 1).put("medianMs", viaNarrowed.get(i).medianMs())
                            .put("callsPerSecond", round(viaNarrowed.get(i).callsPerSecond())));
                }
                JsonObject narrowed = new JsonObject().put("rounds", rows).put("gatewayMedianLatencyRatio", round(median(ratios)));
                if (secondUrl != null) {
                    narrowed.put("secondMedianLatencyRatio", round(median(secondRatios)));
                }
                report.put("directNarrowed", narrowed);
            }
            if (secondUrl != null) {
                List<Double> ratios = new ArrayList<>();
                JsonArray rows = new JsonArray();
                for (int i = 0; i < viaSecond.size(); i++) {
                    ratios.add(viaSecond.get(i).medianMs() / viaDirect.get(i).medianMs());
                    rows.add(new JsonObject().put("round", i + 1).put("medianMs", viaSecond.get(i).medianMs())
                            .put("callsPerSecond", round(viaSecond.get(i).callsPerSecond())));
                }
                report.put("second", new JsonObject().put("label", secondLabel).put("url", secondUrl.toString()).put("rounds", rows)
                        .put("medianLatencyRatioToDirect", round(median(ratios))));
            }
            System.out.println(report.encodePrettily());
            if (json != null) {
                Files.writeString(json, report.encodePrettily());
            }
            return 0;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** Closed loop: each worker runs its unit of work back to back until {@code total} are done. */
    private Round run(List<Supplier<Future<?>>> workers, int total) throws Exception {
        Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicInteger started = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<Void>> loops = new ArrayList<>();
        for (Supplier<Future<?>> work : workers) {
            loops.add(loop(work, started, total, latency));
        }
        Future.all(loops).await(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Round(latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0, total / seconds);
    }

    private static Future<Void> loop(Supplier<Future<?>> work, AtomicInteger started, int total, Histogram latency) {
        if (started.getAndIncrement() >= total) {
            return Future.succeededFuture();
        }
        long begin = System.nanoTime();
        return work.get().compose(done -> {
            synchronized (latency) {
                latency.recordValue(Math.max(1, (System.nanoTime() - begin) / 1000));
            }
            return loop(work, started, total, latency);
        });
    }

    private JsonObject report(List<Round> viaGateway, List<Round> viaDirect) {
        List<Double> latencyRatios = new ArrayList<>();
        List<Double> throughputRatios = new ArrayList<>();
        for (int i = 0; i < viaGateway.size(); i++) {
            latencyRatios.add(viaGateway.get(i).medianMs() / viaDirect.get(i).medianMs());
            throughputRatios.add(viaGateway.get(i).callsPerSecond() / viaDirect.get(i).callsPerSecond());
        }
        JsonArray rows = new JsonArray();
        for (int i = 0; i < viaGateway.size(); i++) {
            rows.add(new JsonObject().put("round", i + 1)
                    .put("gatewayMedianMs", viaGateway.get(i).medianMs()).put("directMedianMs", viaDirect.get(i).medianMs())
                    .put("gatewayCallsPerSecond", round(viaGateway.get(i).callsPerSecond()))
                    .put("directCallsPerSecond", round(viaDirect.get(i).callsPerSecond())));
        }
        return new JsonObject().put("scenario", "full-path").put("concurrency", concurrency).put("callsPerRound", calls)
                .put("rounds", rows)
                .put("medianLatencyRatio", round(median(latencyRatios)))
                .put("throughputRatio", round(median(throughputRatios)))
                .put("machine", Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

}
