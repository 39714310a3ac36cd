package io.jitgate.loadtest;

import io.jitgate.loadtest.gen.LoadShape;
import io.jitgate.loadtest.gen.RunResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The highest open-loop arrival rate each server sustains at a p99 bound, side by side: one
 * {@link RateSearch} per server, bound and round, advanced in steps. In each step every server
 * whose search is still open gets one trial (open loop at the rate its search proposes), in an
 * order that rotates each step, so drift on the machine hits all servers alike. A trial stops
 * early, as a failure, once more than {@code max(connections, 10 x rate x bound)} calls are in
 * flight (the server is far behind; see {@code LoadGenerator#limitInFlight}).
 *
 * <p>The result per bound: each server's highest sustained rate per round and their median, the
 * best peer (highest median), and for each subject (the first {@code subjects} servers) the ratio
 * of medians and the median of per-round ratios (subject over that round's best peer).
 */
final class PeerRateSearch {
    /** A server under test; {@link #trial} runs one open-loop trial against it. */
    interface Server {
        String label();

        /** Runs open loop at {@code shape}'s rate, stopping as a failure above {@code maxInFlight}. */
        RunResult trial(String runLabel, LoadShape shape, long maxInFlight) throws Exception;
    }

    /**
     * How to search: the p99 bounds (each searched on its own), the search settings apart from the
     * bound, rounds (whole searches, repeated), each trial's warm-up and measured window, how many
     * of the first servers are subjects, and the connection count (the in-flight floor).
     */
    record Plan(List<Double> boundsMs, RateSearch.Settings settings, int rounds, Duration warmup, Duration window,
                int subjects, int connections) {
        Plan {
            if (boundsMs.isEmpty()) {
                throw new IllegalArgumentException("at least one p99 bound is needed");
            }
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be >= 1, but was " + rounds);
            }
        }

        RateSearch.Settings at(double boundMs) {
            return new RateSearch.Settings(boundMs, settings.startRate(), settings.minRate(), settings.maxRate(), settings.growth(),
                    settings.resolution(), settings.minAchieved(), settings.maxSteps());
        }
    }

    /** What the searches produced: the summary (JSON), the same in words, and the runs worth plotting. */
    record Outcome(JsonObject summary, String text, List<RunResult> highestPassing) {
    }

    private final Plan plan;
    private final List<Server> servers;

    PeerRateSearch(Plan plan, List<Server> servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one server is needed");
        }
        this.plan = plan;
        this.servers = List.copyOf(servers);
    }

    Outcome run() throws Exception {
        // results.get(bound index).get(server label) = one Result per round
        List<Map<String, List<RateSearch.Result>>> results = new ArrayList<>();
        List<Map<String, List<RunResult>>> passingRuns = new ArrayList<>();
        for (int b = 0; b < plan.boundsMs().size(); b++) {
            Map<String, List<RateSearch.Result>> byServer = new LinkedHashMap<>();
            Map<String, List<RunResult>> runs = new LinkedHashMap<>();
            servers.forEach(s -> {
                byServer.put(s.label(), new ArrayList<>());
                runs.put(s.label(), new ArrayList<>());
            });
            results.add(byServer);
            passingRuns.add(runs);
        }
        int step = 0;
        for (int round = 0; round < plan.rounds(); round++) {
            // one search per (bound, server), all advanced together
            List<List<RateSearch>> searches = new ArrayList<>();
            List<List<RunResult>> best = new ArrayList<>();
            for (double bound : plan.boundsMs()) {
                List<RateSearch> perServer = new ArrayList<>();
                List<RunResult> bestPerServer = new ArrayList<>();
                for (int i = 0; i < servers.size(); i++) {
                    perServer.add(new RateSearch(plan.at(bound)));
                    bestPerServer.add(null);
                }
                searches.add(perServer);
                best.add(bestPerServer);
            }
            boolean open = true;
            while (open) {
                open = false;
                for (int b = 0; b < plan.boundsMs().size(); b++) {
                    double bound = plan.boundsMs().get(b);
                    for (int k = 0; k < servers.size(); k++) {
                        int i = (k + step) % servers.size();
                        RateSearch search = searches.get(b).get(i);
                        OptionalDouble rate = search.next();
                        if (rate.isEmpty()) {
                            continue;
                        }
                        open = true;
                        Server server = servers.get(i);
                        double r = rate.getAsDouble();
                        long maxInFlight = Math.max(plan.connections(), (long) Math.ceil(10 * r * bound / 1000));
                        String label = String.format(Locale.ROOT, "%s p99<=%sms r%d %.0f/s", server.label(), trim(bound), round + 1, r);
                        RunResult run = server.trial(label, LoadShape.open(r, plan.warmup(), plan.window()), maxInFlight);
                        RateSearch.Trial trial = search.record(r, run.callsPerSecond(), run.latencyMs(99), run.errors());
                        if (trial.verdict() == RateSearch.Verdict.PASSED
                                && (best.get(b).get(i) == null || r > best.get(b).get(i).shape().ratePerSecond())) {
                            best.get(b).set(i, run);
                        }
                        System.out.printf(Locale.ROOT, "  %-40s achieved %8.0f/s  p99 %8.2f ms  errors %d  %s%s%n", label,
                                run.callsPerSecond(), run.latencyMs(99), run.errors(), trial.verdict(), firstError(run));
                    }
                }
                step++;
            }
            for (int b = 0; b < plan.boundsMs().size(); b++) {
                for (int i = 0; i < servers.size(); i++) {
                    String label = servers.get(i).label();
                    RateSearch.Result result = searches.get(b).get(i).result();
                    results.get(b).get(label).add(result);
                    RunResult run = best.get(b).get(i);
                    if (run != null && result.sustained() && run.shape().ratePerSecond() == result.maxRate()) {
                        passingRuns.get(b).get(label).add(run);
                    }
                }
            }
        }
        JsonArray bounds = new JsonArray();
        StringBuilder text = new StringBuilder();
        List<RunResult> plotted = new ArrayList<>();
        for (int b = 0; b < plan.boundsMs().size(); b++) {
            JsonObject one = summarize(plan.boundsMs().get(b), results.get(b));
            bounds.add(one);
            text.append(describe(one));
            passingRuns.get(b).values().forEach(plotted::addAll);
        }
        RateSearch.Settings s = plan.settings();
        JsonObject summary = new JsonObject()
                .put("method", String.format(Locale.ROOT, "max open-loop arrival rate at a p99 bound: per server, a search from %s/s "
                                + "(x%s while passing, /%s while failing, within [%s, %s]/s, then bisection until the bounds are within %s%%, "
                                + "at most %d trials); a trial passes with p99 (from the intended start) <= the bound, zero errors and >= %s%% "
                                + "of the offered rate completed; each trial %s s warm-up + %s s measured; servers interleaved, order "
                                + "rotating each step; %d round(s) of whole searches, medians of rounds",
                        trim(s.startRate()), trim(s.growth()), trim(s.growth()), trim(s.minRate()), trim(s.maxRate()),
                        trim(s.resolution() * 100), s.maxSteps(), trim(s.minAchieved() * 100), trim(plan.warmup().toMillis() / 1000.0),
                        trim(plan.window().toMillis() / 1000.0), plan.rounds()))
                .put("bounds", bounds);
        return new Outcome(summary, text.toString(), plotted);
    }

    private JsonObject summarize(double boundMs, Map<String, List<RateSearch.Result>> results) {
        JsonObject byServer = new JsonObject();
        Map<String, Stats> rates = new LinkedHashMap<>();
        results.forEach((label, rounds) -> {
            Stats rate = Stats.of(rounds.stream().map(RateSearch.Result::maxRate).toList());
            rates.put(label, rate);
            JsonArray perRound = new JsonArray();
            for (RateSearch.Result r : rounds) {
                JsonArray trials = new JsonArray();
                r.trials().forEach(t -> trials.add(new JsonObject().put("offered", Stats.round(t.offeredRate()))
                        .put("achieved", Stats.round(t.achievedRate())).put("p99Ms", finite(t.p99Ms())).put("errors", t.errors())
                        .put("verdict", t.verdict().name())));
                perRound.add(new JsonObject().put("maxRate", Stats.round(r.maxRate())).put("sustained", r.sustained())
                        .put("p99MsAtMaxRate", r.highestPassed() == null ? null : finite(r.highestPassed().p99Ms()))
                        .put("achievedAtMaxRate", r.highestPassed() == null ? null : Stats.round(r.highestPassed().achievedRate()))
                        .put("lowestFailedRate", r.lowestFailed() == null ? null : Stats.round(r.lowestFailed().offeredRate()))
                        .put("lowestFailedBecause", r.lowestFailed() == null ? null : r.lowestFailed().verdict().name())
                        .put("stop", r.stop()).put("trials", trials));
            }
            byServer.put(label, new JsonObject().put("maxRate", rate.json())
                    .put("roundsSustained", rounds.stream().filter(RateSearch.Result::sustained).count()).put("rounds", perRound));
        });
        List<String> labels = new ArrayList<>(results.keySet());
        int subjects = Math.min(plan.subjects(), labels.size());
        List<String> peers = labels.subList(subjects, labels.size());
        JsonObject out = new JsonObject().put("p99BoundMs", boundMs).put("servers", byServer);
        String bestPeer = null;
        for (String peer : peers) {
            if (bestPeer == null || rates.get(peer).median() > rates.get(bestPeer).median()) {
                bestPeer = peer;
            }
        }
        if (bestPeer == null) {
            return out;
        }
        out.put("bestPeer", bestPeer);
        JsonObject ratios = new JsonObject();
        for (String subject : labels.subList(0, subjects)) {
            List<Double> perRound = new ArrayList<>();
            for (int r = 0; r < plan.rounds(); r++) {
                double roundBest = 0;
                for (String peer : peers) {
                    roundBest = Math.max(roundBest, results.get(peer).get(r).maxRate());
                }
                if (roundBest > 0) {
                    perRound.add(results.get(subject).get(r).maxRate() / roundBest);
                }
            }
            double bestMedian = rates.get(bestPeer).median();
            ratios.put(subject, new JsonObject()
                    .put("maxRateRatioOfMedians", bestMedian > 0 ? Stats.round(rates.get(subject).median() / bestMedian) : null)
                    .put("maxRateRatioPerRound", Stats.of(perRound).json()));
        }
        return out.put("subjects", ratios);
    }

    private static String describe(JsonObject bound) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "highest sustained rate at p99 <= %s ms (zero errors; medians of rounds, [min-max]):%n",
                trim(bound.getDouble("p99BoundMs"))));
        bound.getJsonObject("servers").forEach(e -> {
            JsonObject s = (JsonObject) e.getValue();
            JsonObject rate = s.getJsonObject("maxRate");
            JsonArray rounds = s.getJsonArray("rounds");
            StringBuilder perRound = new StringBuilder();
            for (int i = 0; i < rounds.size(); i++) {
                JsonObject r = rounds.getJsonObject(i);
                perRound.append(i == 0 ? "" : "; ").append(r.getBoolean("sustained")
                        ? String.format(Locale.ROOT, "%.0f/s at p99 %.2f ms", r.getDouble("maxRate"), r.getDouble("p99MsAtMaxRate"))
                        : "none");
                if (r.getValue("lowestFailedRate") != null) {
                    perRound.append(String.format(Locale.ROOT, ", %.0f/s failed (%s)", r.getDouble("lowestFailedRate"),
                            r.getString("lowestFailedBecause").toLowerCase(Locale.ROOT).replace('_', ' ')));
                }
            }
            out.append(String.format(Locale.ROOT, "  %-18s %8.0f calls/s [%.0f-%.0f]  rounds: %s%n", e.getKey(), rate.getDouble("median"),
                    rate.getDouble("min"), rate.getDouble("max"), perRound));
        });
        if (bound.containsKey("bestPeer")) {
            bound.getJsonObject("subjects").forEach(e -> {
                JsonObject r = (JsonObject) e.getValue();
                JsonObject perRound = r.getJsonObject("maxRateRatioPerRound");
                Object ofMedians = r.getValue("maxRateRatioOfMedians");
                out.append(String.format(Locale.ROOT, "  %s / best peer (%s): %s (per round %.2f [%.2f-%.2f])%n", e.getKey(),
                        bound.getString("bestPeer"), ofMedians == null ? "n/a (no peer sustained any rate)"
                                : String.format(Locale.ROOT, "%.2fx", ((Number) ofMedians).doubleValue()),
                        perRound.getDouble("median"), perRound.getDouble("min"), perRound.getDouble("max")));
            });
        }
        return out.toString();
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? Stats.round(v) : null;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** The most frequent error of a trial, for the log line ("" when it had none). */
    private static String firstError(RunResult run) {
        return run.errorSamples().entrySet().stream().max(java.util.Map.Entry.comparingByValue())
                .map(e -> " (" + e.getValue() + "x " + e.getKey() + ")").orElse("");
    }
}
