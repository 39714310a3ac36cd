package io.jitgate.loadtest;

import io.jitgate.loadtest.gen.LoadGenerator;
import io.jitgate.loadtest.gen.LoadShape;
import io.jitgate.loadtest.gen.Report;
import io.jitgate.loadtest.gen.RunResult;
import io.jitgate.loadtest.gen.TargetProcess;
import io.jitgate.loadtest.gen.Workload;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The same trivial tool served by jitgate and by peer MCP servers, under the same closed-loop load,
 * side by side in one run. Method: at each fixed concurrency, every server gets a round of the same
 * length in turn (the order rotates each round, so drift spreads over all); throughput and
 * corrected p99 are reported side by side as medians (and spread) of the rounds. The first target
 * is the subject: the ratio is its median calls/s over the best peer's, and per round, the median
 * of its calls/s over that round's best peer.
 *
 * <p>With {@code --p99-slo}, the method is instead the highest open-loop arrival rate each server
 * sustains with its corrected p99 at or below the bound and zero errors ({@link PeerRateSearch}):
 * calls per second at equal p99.
 */
@Command(name = "peers", description = "jitgate vs peer MCP servers with the same tool and load, side by side.")
final class Peers implements Callable<Integer> {
    @Option(names = "--target", required = true, description = "LABEL|URL|TOOL|PID|TOKEN_FILE (PID 0 and TOKEN_FILE - when unknown / none); the first is the subject")
    List<String> targets;

    @Option(names = "--arguments", defaultValue = "{\"text\":\"hello\"}")
    String arguments;

    @Option(names = "--concurrency-levels", defaultValue = "16", split = ",", description = "closed-loop concurrencies, e.g. 1,16,64 (default ${DEFAULT-VALUE})")
    List<Integer> levels;

    @Option(names = "--subjects", defaultValue = "1", description = "how many of the first targets are jitgate (compared with the best of the rest); default ${DEFAULT-VALUE}")
    int subjects;

    @Option(names = "--title", defaultValue = "jitgate vs peer MCP servers (same echo tool, same load)")
    String title;

    @Option(names = "--name", defaultValue = "peers", description = "report file name prefix")
    String name;

    @Option(names = "--rounds", defaultValue = "3")
    int rounds;

    @Option(names = "--initial-warmup-seconds", defaultValue = "15", description = "closed-loop load on each server once before any round (JIT, pools); default ${DEFAULT-VALUE}")
    double initialWarmupSeconds;

    @Option(names = "--p99-slo", split = ",", description = "search each server's highest open-loop rate whose p99 stays at or below this "
            + "(e.g. 50ms, or 20ms,50ms for two searches) instead of the fixed-concurrency rounds")
    List<String> p99Slo;

    @Option(names = "--search-seconds", defaultValue = "10", description = "rate search: measured seconds per trial, after --warmup-seconds (default ${DEFAULT-VALUE})")
    double searchSeconds;

    @Option(names = "--start-rate", defaultValue = "400", description = "rate search: first rate tried, calls/s (default ${DEFAULT-VALUE})")
    double startRate;

    @Option(names = "--min-rate", defaultValue = "10", description = "rate search: lowest rate tried; a server failing there has none (default ${DEFAULT-VALUE})")
    double minRate;

    @Option(names = "--max-rate", defaultValue = "50000", description = "rate search: highest rate tried (default ${DEFAULT-VALUE})")
    double maxRate;

    @Option(names = "--growth", defaultValue = "2", description = "rate search: factor between rates before bisection (default ${DEFAULT-VALUE})")
    double growth;

    @Option(names = "--resolution", defaultValue = "0.05", description = "rate search: stop when failing / passing rate <= 1 + this (default ${DEFAULT-VALUE})")
    double resolution;

    @Option(names = "--min-achieved", defaultValue = "0.95", description = "rate search: share of the offered rate a passing trial completes (default ${DEFAULT-VALUE})")
    double minAchieved;

    @Option(names = "--max-steps", defaultValue = "14", description = "rate search: trials per server and search at most (default ${DEFAULT-VALUE})")
    int maxSteps;

    @Mixin
    LoadOptions load;

    private record Target(McpTarget spec, Workload work) {
    }

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Context context = vertx.getOrCreateContext();
            int maxLevel = levels.stream().mapToInt(Integer::intValue).max().orElse(1);
            List<Double> bounds = p99Slo == null ? List.of() : p99Slo.stream().map(Peers::millis).toList();
            RateSearch.Settings settings = bounds.isEmpty() ? null
                    : new RateSearch.Settings(bounds.get(0), startRate, minRate, maxRate, growth, resolution, minAchieved, maxSteps);
            // the rate search's connections: --connections; the fixed-concurrency rounds: one per worker
            int connections = bounds.isEmpty() ? Math.max(maxLevel, 1) : load.connections;
            List<Target> open = new ArrayList<>();
            for (String t : targets) {
                McpTarget spec = parse(t);
                open.add(new Target(spec, spec.open(vertx, Math.max(maxLevel, 1), connections)));
            }
            for (Target t : open) {
                RunResult warm = new LoadGenerator(vertx, t.spec().process(), Duration.ofSeconds(30))
                        .run(context, t.spec().label() + " warm-up", LoadShape.closed(maxLevel, Duration.ZERO,
                                Duration.ofMillis((long) (initialWarmupSeconds * 1000))), t.work())
                        .await((long) initialWarmupSeconds + 120, TimeUnit.SECONDS);
                System.out.printf(Locale.ROOT, "  warm-up %-20s %8.0f calls/s, %d errors%n", t.spec().label(), warm.callsPerSecond(), warm.errors());
            }
            if (!bounds.isEmpty()) {
                return searchRates(vertx, context, open, bounds, settings);
            }
            JsonObject summary = new JsonObject().put("method", "closed loop at fixed concurrency, " + rounds + " rounds per server "
                    + "of " + load.warmupSeconds + " s warm-up + " + load.seconds + " s measured, order rotating each round, after "
                    + initialWarmupSeconds + " s of load on each server first; medians of rounds")
                    .put("arguments", new JsonObject(arguments));
            JsonArray byLevel = new JsonArray();
            List<RunResult> all = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (int level : levels) {
                Map<String, List<RunResult>> results = new LinkedHashMap<>();
                open.forEach(t -> results.put(t.spec().label(), new ArrayList<>()));
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < open.size(); i++) {
                        Target t = open.get((i + r) % open.size());
                        RunResult result = new LoadGenerator(vertx, t.spec().process(), Duration.ofSeconds(30))
                                .run(context, t.spec().label() + " c=" + level + " r" + (r + 1), load.closedAt(level), t.work())
                                .await((long) (load.seconds + load.warmupSeconds) + 120, TimeUnit.SECONDS);
                        results.get(t.spec().label()).add(result);
                        all.add(result);
                        System.out.printf(Locale.ROOT, "  %-28s %8.0f calls/s  p99 %7.2f ms  errors %d%n", result.label(),
                                result.callsPerSecond(), result.latencyMs(99), result.errors());
                    }
                }
                JsonObject level1 = summarize(level, results);
                byLevel.add(level1);
                text.append(describe(level1));
            }
            summary.put("levels", byLevel);
            Report report = new Report(title, all, summary);
            Path html = report.write(load.out, name + "-" + RunLoad.stamp());
            System.out.print(text);
            System.out.println("reports: " + html + " (and .json, .txt)");
            return 0;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private int searchRates(Vertx vertx, Context context, List<Target> open, List<Double> bounds, RateSearch.Settings settings) throws Exception {
        List<PeerRateSearch.Server> servers = new ArrayList<>();
        for (Target t : open) {
            servers.add(new PeerRateSearch.Server() {
                @Override
                public String label() {
                    return t.spec().label();
                }

                @Override
                public RunResult trial(String runLabel, LoadShape shape, long maxInFlight) throws Exception {
                    return new LoadGenerator(vertx, t.spec().process(), Duration.ofSeconds(30)).limitInFlight(maxInFlight)
                            .run(context, runLabel, shape, t.work())
                            .await((long) (load.warmupSeconds + searchSeconds) + 120, TimeUnit.SECONDS);
                }
            });
        }
        PeerRateSearch.Plan plan = new PeerRateSearch.Plan(bounds, settings, rounds, Duration.ofMillis((long) (load.warmupSeconds * 1000)),
                Duration.ofMillis((long) (searchSeconds * 1000)), subjects, load.connections);
        PeerRateSearch.Outcome outcome = new PeerRateSearch(plan, servers).run();
        JsonObject summary = outcome.summary().put("arguments", new JsonObject(arguments))
                .put("sessions", Math.max(levels.stream().mapToInt(Integer::intValue).max().orElse(1), 1)).put("connections", load.connections)
                .put("initialWarmup", "closed loop for " + initialWarmupSeconds + " s on each server first");
        Report report = new Report(title + ": calls/s at equal p99", outcome.highestPassing(), summary, outcome.text());
        Path html = report.write(load.out, name + "-rate-" + RunLoad.stamp());
        System.out.print(outcome.text());
        System.out.println("reports: " + html + " (and .json, .txt); runs plotted: each server's highest passing trial per round");
        return 0;
    }

    /** A duration in milliseconds from {@code 50ms}, {@code 0.05s} or a bare number of milliseconds. */
    static double millis(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        double factor = 1;
        if (t.endsWith("ms")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
            factor = 1000;
        }
        try {
            double ms = Double.parseDouble(t.trim()) * factor;
            if (ms > 0 && Double.isFinite(ms)) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--p99-slo must be a positive duration such as 50ms or 0.05s, but was '" + text + "'");
    }

    private JsonObject summarize(int level, Map<String, List<RunResult>> results) {
        JsonObject servers = new JsonObject();
        results.forEach((label, runs) -> servers.put(label, new JsonObject()
                .put("callsPerSecond", stats(runs, RunResult::callsPerSecond).json())
                .put("p50Ms", stats(runs, r -> r.latencyMs(50)).json())
                .put("p99Ms", stats(runs, r -> r.latencyMs(99)).json())
                .put("errors", runs.stream().mapToLong(RunResult::errors).sum())
                .put("generatorCpuPercent", stats(runs, RunResult::generatorCpuPercent).json())
                .put("serverCpuPercent", stats(runs, RunResult::targetCpuPercent).json())));
        List<String> labels = new ArrayList<>(results.keySet());
        List<String> peers = labels.subList(Math.min(subjects, labels.size()), labels.size());
        String best = null;
        double bestRate = -1;
        for (String label : peers) {
            double rate = stats(results.get(label), RunResult::callsPerSecond).median();
            if (rate > bestRate) {
                bestRate = rate;
                best = label;
            }
        }
        JsonObject out = new JsonObject().put("concurrency", level).put("servers", servers);
        if (best != null) {
            out.put("bestPeer", best);
            JsonObject ratios = new JsonObject();
            for (String subject : labels.subList(0, Math.min(subjects, labels.size()))) {
                List<Double> perRound = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    double roundBest = 0;
                    for (String label : peers) {
                        roundBest = Math.max(roundBest, results.get(label).get(r).callsPerSecond());
                    }
                    perRound.add(results.get(subject).get(r).callsPerSecond() / roundBest);
                }
                double subjectRate = stats(results.get(subject), RunResult::callsPerSecond).median();
                ratios.put(subject, new JsonObject()
                        .put("throughputRatioOfMedians", Stats.round(subjectRate / bestRate))
                        .put("throughputRatioPerRound", Stats.of(perRound).json())
                        .put("p99BestPeerOverSubject", Stats.round(stats(results.get(best), r -> r.latencyMs(99)).median()
                                / stats(results.get(subject), r -> r.latencyMs(99)).median())));
            }
            out.put("subjects", ratios);
        }
        return out;
    }

    private static String describe(JsonObject level) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "concurrency %d (medians of rounds, [min-max]):%n", level.getInteger("concurrency")));
        level.getJsonObject("servers").forEach(e -> {
            JsonObject s = (JsonObject) e.getValue();
            JsonObject rate = s.getJsonObject("callsPerSecond");
            JsonObject p99 = s.getJsonObject("p99Ms");
            out.append(String.format(Locale.ROOT, "  %-14s %8.0f calls/s [%.0f-%.0f]  p50 %6.2f ms  p99 %7.2f ms [%.2f-%.2f]  errors %d  server CPU %.0f%%  generator CPU %.0f%%%n",
                    e.getKey(), rate.getDouble("median"), rate.getDouble("min"), rate.getDouble("max"),
                    s.getJsonObject("p50Ms").getDouble("median"), p99.getDouble("median"), p99.getDouble("min"), p99.getDouble("max"),
                    s.getLong("errors"), s.getJsonObject("serverCpuPercent").getDouble("median"),
                    s.getJsonObject("generatorCpuPercent").getDouble("median")));
        });
        if (level.containsKey("bestPeer")) {
            level.getJsonObject("subjects").forEach(e -> {
                JsonObject r = (JsonObject) e.getValue();
                JsonObject perRound = r.getJsonObject("throughputRatioPerRound");
                out.append(String.format(Locale.ROOT, "  %s / best peer (%s): %.2fx calls/s (per round %.2f [%.2f-%.2f]); best peer's p99 / %s's: %.2f%n",
                        e.getKey(), level.getString("bestPeer"), r.getDouble("throughputRatioOfMedians"),
                        perRound.getDouble("median"), perRound.getDouble("min"), perRound.getDouble("max"), e.getKey(),
                        r.getDouble("p99BestPeerOverSubject")));
            });
        }
        return out.toString();
    }

    private static Stats stats(List<RunResult> runs, ToDoubleFunction<RunResult> value) {
        return Stats.of(runs.stream().map(value::applyAsDouble).filter(Double::isFinite).toList());
    }

    private McpTarget parse(String spec) throws Exception {
        String[] f = spec.split("\\|", -1);
        if (f.length != 5) {
            throw new IllegalArgumentException("--target must be LABEL|URL|TOOL|PID|TOKEN_FILE, but was " + spec);
        }
        String token = f[4].equals("-") ? null : Files.readString(Path.of(f[4])).trim();
        return new McpTarget(f[0], URI.create(f[1]), token, new TargetProcess(Long.parseLong(f[3])),
                CallMix.single(f[2], new JsonObject(arguments), null));
    }
}
