package io.jitgate.loadtest;

import io.jitgate.loadtest.gen.LoadGenerator;
import io.jitgate.loadtest.gen.LoadShape;
import io.jitgate.loadtest.gen.Report;
import io.jitgate.loadtest.gen.RunResult;
import io.jitgate.loadtest.gen.TargetProcess;
import io.jitgate.loadtest.gen.Workload;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A long open-loop run at a fraction of the server's maximum rate, with the server's resident
 * memory sampled every second. First a closed-loop probe finds the maximum rate (unless
 * {@code --rate} is given); then calls arrive at {@code --fraction} of it for {@code --minutes}.
 * Reports errors, latency, and memory at the start and end and its trend after the first minute.
 */
@Command(name = "soak", description = "Open loop at a fraction of the maximum rate for minutes, sampling the server's resident memory.")
final class Soak implements Callable<Integer> {
    @Option(names = "--url", required = true) URI url;
    @Option(names = "--token") String token;
    @Option(names = "--pid", required = true, description = "the server's process id (its /proc/PID/status is sampled)") long pid;
    @Option(names = "--tool", defaultValue = "echo") String tool;
    @Option(names = "--arguments", defaultValue = "{\"text\":\"hello\"}") String arguments;
    @Option(names = "--minutes", defaultValue = "10", description = "length of the soak (default ${DEFAULT-VALUE})") double minutes;
    @Option(names = "--rate", description = "calls per second (default: --fraction of the probed maximum)") Double rate;
    @Option(names = "--fraction", defaultValue = "0.8") double fraction;
    @Option(names = "--probe-concurrency", defaultValue = "32") int probeConcurrency;
    @Option(names = "--probe-seconds", defaultValue = "15") double probeSeconds;
    @Option(names = "--sessions", defaultValue = "32") int sessions;
    @Option(names = "--connections", defaultValue = "64") int connections;
    @Option(names = "--out", defaultValue = ".jitgate/loadtest-reports") Path out;

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Context context = vertx.getOrCreateContext();
            TargetProcess process = new TargetProcess(pid);
            if (process.rssKib() < 0) {
                throw new IllegalArgumentException("no process " + pid + " to sample (/proc/" + pid + "/status)");
            }
            McpTarget target = new McpTarget("gateway", url, token, process, CallMix.single(tool, new JsonObject(arguments), null));
            Workload work = target.open(vertx, sessions, connections);
            LoadGenerator generator = new LoadGenerator(vertx, process, Duration.ofSeconds(30));
            double max = Double.NaN;
            double offered = rate == null ? 0 : rate;
            if (rate == null) {
                RunResult probe = generator.run(context, "probe", LoadShape.closed(probeConcurrency, Duration.ofSeconds(5),
                        Duration.ofMillis((long) (probeSeconds * 1000))), work).await((long) probeSeconds + 120, TimeUnit.SECONDS);
                max = probe.callsPerSecond();
                offered = fraction * max;
                System.out.printf(Locale.ROOT, "probe: %.0f calls/s at concurrency %d (%d errors); soaking at %.0f calls/s%n",
                        max, probeConcurrency, probe.errors(), offered);
            }
            Duration length = Duration.ofMillis((long) (minutes * 60_000));
            RunResult soak = generator.run(context, "soak " + tool, LoadShape.open(offered, Duration.ofSeconds(10), length), work)
                    .await(length.toSeconds() + 180, TimeUnit.SECONDS);
            JsonObject summary = summary(soak, max, offered);
            Report report = new Report("soak: " + tool + " at " + Math.round(offered) + " calls/s for " + minutes + " min", List.of(soak), summary);
            Path html = report.write(out, "soak-" + RunLoad.stamp());
            System.out.print(report.text());
            System.out.println("reports: " + html + " (and .json, .txt)");
            return soak.errors() == 0 ? 0 : 2;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private JsonObject summary(RunResult soak, double max, double offered) {
        List<double[]> rss = soak.rssMiB();
        double first = median(rss, 0, 60);
        double last = median(rss, soak.shape().duration().toSeconds() - 60.0, Double.MAX_VALUE);
        return new JsonObject().put("tool", tool).put("probedMaxCallsPerSecond", Stats.round(max))
                .put("offeredCallsPerSecond", Stats.round(offered)).put("fraction", rate == null ? fraction : null)
                .put("achievedCallsPerSecond", Stats.round(soak.callsPerSecond())).put("errors", soak.errors())
                .put("rssFirstMinuteMedianMiB", Stats.round(first)).put("rssLastMinuteMedianMiB", Stats.round(last))
                .put("rssGrowthMiB", Stats.round(last - first))
                .put("rssSlopeMiBPerMinuteAfterFirstMinute", Stats.round(slopePerMinute(rss, 60)))
                .put("rssMaxMiB", Stats.round(rss.stream().mapToDouble(p -> p[1]).max().orElse(Double.NaN)));
    }

    private static double median(List<double[]> samples, double from, double to) {
        return Stats.of(samples.stream().filter(p -> p[0] >= from && p[0] < to).map(p -> p[1]).toList()).median();
    }

    /** Least-squares slope of resident memory over time, in MiB per minute, using samples from {@code from} seconds on. */
    static double slopePerMinute(List<double[]> samples, double from) {
        List<double[]> use = samples.stream().filter(p -> p[0] >= from).toList();
        if (use.size() < 2) {
            return Double.NaN;
        }
        double mx = use.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = use.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double num = 0;
        double den = 0;
        for (double[] p : use) {
            num += (p[0] - mx) * (p[1] - my);
            den += (p[0] - mx) * (p[0] - mx);
        }
        return den == 0 ? 0 : 60 * num / den;
    }
}
