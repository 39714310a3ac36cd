package io.jitgate.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the time of one {@code tools/call} goes: calls a tool one at a time (so stages are not
 * inflated by queueing), measures each call's latency at the client, and reads each call's stage
 * timings from the attribution log. Reports medians (and p90) of many calls after a warm-up.
 */
@Command(name = "stage-split", description = "Latency of one tools/call and its split across the gateway's stages.")
final class StageSplit implements Callable<Integer> {
    @Mixin
    RunningGateway gateway;

    private static final List<String> STAGES = List.of("decode", "authenticate", "resolve", "validate", "authorize",
            "approve", "admit", "credentials", "execute");




    @Option(names = "--tool", defaultValue = "s3_read_object")
    String tool;

    @Option(names = "--arguments", defaultValue = "{\"bucket\":\"jitgate-demo\",\"key\":\"readme.txt\"}")
    String arguments;

    @Option(names = "--calls", defaultValue = "300")
    int calls;

    @Option(names = "--warmup", defaultValue = "100")
    int warmup;

    @Option(names = "--json", description = "also write the result as JSON to this file")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (gateway.audit == null) {
            throw new IllegalArgumentException("stage-split reads the stage timings from the attribution log: give --audit FILE");
        }
        Vertx vertx = Vertx.vertx();
        try {
            WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true));
            McpSession session = new McpSession(client, gateway.url, gateway.token).open().await(30, TimeUnit.SECONDS);
            JsonObject args = new JsonObject(arguments);
            for (int i = 0; i < warmup; i++) {
                session.callTool(tool, args, null).await(30, TimeUnit.SECONDS);
            }
            Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
            Set<String> callIds = new HashSet<>();
            long cpuBefore = processCpuNanos();
            long wallStart = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                JsonObject result = session.callTool(tool, args, null).await(30, TimeUnit.SECONDS);
                latency.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
                callIds.add(result.getJsonObject("_meta").getString("jitgate/callId"));
            }
            long wallNanos = System.nanoTime() - wallStart;
            long cpuNanos = processCpuNanos() - cpuBefore;
            Map<String, Histogram> stages = stageHistograms(callIds);
            JsonObject report = report(latency, stages, wallNanos, cpuNanos);
            print(report);
            if (json != null) {
                Files.writeString(json, report.encodePrettily());
            }
            return 0;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private Map<String, Histogram> stageHistograms(Set<String> callIds) throws Exception {
        Map<String, Histogram> stages = new LinkedHashMap<>();
        STAGES.forEach(s -> stages.put(s, new Histogram(TimeUnit.SECONDS.toMicros(60), 3)));
        stages.put("total (gateway)", new Histogram(TimeUnit.SECONDS.toMicros(60), 3));
        int found = 0;
        for (String line : Files.readAllLines(gateway.audit)) {
            JsonObject record = new JsonObject(line);
            if (!callIds.contains(record.getString("callId"))) {
                continue;
            }
            found++;
            JsonObject ms = record.getJsonObject("stagesMs");
            for (String stage : STAGES) {
                stages.get(stage).recordValue(Math.max(0, Math.round(ms.getDouble(stage, 0.0) * 1000)));
            }
            stages.get("total (gateway)").recordValue(Math.round(record.getDouble("totalMs") * 1000));
        }
        if (found != callIds.size()) {
            throw new IllegalStateException("found " + found + " of " + callIds.size() + " attribution records in " + gateway.audit);
        }
        return stages;
    }

    private JsonObject report(Histogram latency, Map<String, Histogram> stages, long wallNanos, long cpuNanos) {
        JsonArray rows = new JsonArray();
        stages.forEach((name, h) -> rows.add(new JsonObject().put("stage", name)
                .put("medianMs", h.getValueAtPercentile(50) / 1000.0).put("p90Ms", h.getValueAtPercentile(90) / 1000.0)));
        return new JsonObject()
                .put("tool", tool).put("calls", calls).put("warmup", warmup)
                .put("clientMedianMs", latency.getValueAtPercentile(50) / 1000.0)
                .put("clientP90Ms", latency.getValueAtPercentile(90) / 1000.0)
                .put("clientP99Ms", latency.getValueAtPercentile(99) / 1000.0)
                .put("callsPerSecond", calls / (wallNanos / 1e9))
                .put("generatorCpuPercent", 100.0 * cpuNanos / wallNanos)
                .put("stages", rows)
                .put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                        + " " + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version"));
    }

    private static void print(JsonObject report) {
        System.out.printf(Locale.ROOT, "%s: %d sequential calls after %d warm-up calls (%s)%n", report.getString("tool"),
                report.getInteger("calls"), report.getInteger("warmup"), report.getString("machine"));
        System.out.printf(Locale.ROOT, "client latency: median %.2f ms, p90 %.2f ms, p99 %.2f ms; %.0f calls/s; generator CPU %.0f%%%n",
                report.getDouble("clientMedianMs"), report.getDouble("clientP90Ms"), report.getDouble("clientP99Ms"),
                report.getDouble("callsPerSecond"), report.getDouble("generatorCpuPercent"));
        System.out.printf(Locale.ROOT, "%-16s %10s %10s%n", "stage", "median ms", "p90 ms");
        for (Object o : report.getJsonArray("stages")) {
            JsonObject row = (JsonObject) o;
            System.out.printf(Locale.ROOT, "%-16s %10.3f %10.3f%n", row.getString("stage"), row.getDouble("medianMs"), row.getDouble("p90Ms"));
        }
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

}
