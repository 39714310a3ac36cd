package io.jitgate.loadtest.gen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The outputs of one or more runs: a text summary, a JSON document, and a self-contained HTML page
 * (inline SVG plots, no script, nothing fetched) with corrected latency by percentile, throughput,
 * errors and p99 over time, and the server's resident memory when it was sampled. {@code summary}
 * carries what a scenario derives from its runs (ratios, medians), shown first; {@code headline},
 * when given, is the same in words (a few preformatted lines), shown before everything else.
 */
public final class Report {
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private final String title;
    private final List<RunResult> runs;
    private final JsonObject summary;
    private final String headline;

    public Report(String title, List<RunResult> runs, JsonObject summary) {
        this(title, runs, summary, null);
    }

    public Report(String title, List<RunResult> runs, JsonObject summary, String headline) {
        this.title = title;
        this.runs = List.copyOf(runs);
        this.summary = summary == null ? new JsonObject() : summary;
        this.headline = headline == null || headline.isBlank() ? null : headline;
    }

    /** The machine, as reports describe it. */
    public static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version");
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(title).append(" (").append(machine()).append(")\n");
        if (headline != null) {
            out.append(headline).append(headline.endsWith("\n") ? "" : "\n");
        }
        out.append(String.format(Locale.ROOT, "%-28s %-14s %9s %8s %8s %8s %8s %9s %7s %6s %6s%n", "run", "load", "calls/s", "p50 ms",
                "p90 ms", "p99 ms", "p99.9", "max ms", "errors", "genCPU", "srvCPU"));
        for (RunResult r : runs) {
            out.append(String.format(Locale.ROOT, "%-28s %-14s %9.0f %8.2f %8.2f %8.2f %8.2f %9.2f %7d %5.0f%% %5s%n", cut(r.label(), 28),
                    r.shape().describe(), r.callsPerSecond(), r.latencyMs(50), r.latencyMs(90), r.latencyMs(99), r.latencyMs(99.9),
                    r.latencyMicros().getTotalCount() == 0 ? Double.NaN : r.latencyMicros().getMaxValue() / 1000.0, r.errors(),
                    r.generatorCpuPercent(), r.targetCpuPercent() < 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", r.targetCpuPercent())));
            r.errorSamples().entrySet().stream().limit(3).forEach(e -> out.append("    error x").append(e.getValue()).append(": ")
                    .append(e.getKey()).append('\n'));
        }
        out.append("latency is corrected for coordinated omission (open loop: from the intended start; closed loop: expected-interval back-fill)\n");
        if (!summary.isEmpty()) {
            out.append("summary: ").append(summary.encode()).append('\n');
        }
        return out.toString();
    }

    public JsonObject json() {
        JsonArray rows = new JsonArray();
        for (RunResult r : runs) {
            JsonObject latency = new JsonObject();
            JsonObject service = new JsonObject();
            for (double p : PERCENTILES) {
                latency.put("p" + trim(p), r.latencyMs(p));
                service.put("p" + trim(p), r.serviceMs(p));
            }
            latency.put("max", r.latencyMicros().getTotalCount() == 0 ? null : r.latencyMicros().getMaxValue() / 1000.0)
                    .put("mean", r.latencyMicros().getTotalCount() == 0 ? null : r.latencyMicros().getMean() / 1000.0)
                    .put("count", r.latencyMicros().getTotalCount());
            JsonArray perSecond = new JsonArray();
            List<TimeSeries.Bucket> buckets = r.series().buckets();
            for (int i = 0; i < buckets.size(); i++) {
                TimeSeries.Bucket b = buckets.get(i);
                perSecond.add(new JsonObject().put("second", i).put("calls", b.calls()).put("errors", b.errors())
                        .put("p50Ms", b.calls() == 0 ? null : b.latencyMicros().getValueAtPercentile(50) / 1000.0)
                        .put("p99Ms", b.calls() == 0 ? null : b.latencyMicros().getValueAtPercentile(99) / 1000.0));
            }
            JsonArray rss = new JsonArray();
            r.rssMiB().forEach(p -> rss.add(new JsonArray().add(round(p[0])).add(round(p[1]))));
            JsonObject errors = new JsonObject();
            r.errorSamples().forEach(errors::put);
            rows.add(new JsonObject().put("label", r.label()).put("mode", r.shape().mode().name().toLowerCase(Locale.ROOT))
                    .put("ratePerSecond", r.shape().mode() == LoadShape.Mode.OPEN ? r.shape().ratePerSecond() : null)
                    .put("concurrency", r.shape().mode() == LoadShape.Mode.CLOSED ? r.shape().concurrency() : null)
                    .put("warmupSeconds", r.shape().warmup().toMillis() / 1000.0).put("durationSeconds", r.shape().duration().toMillis() / 1000.0)
                    .put("calls", r.calls()).put("errors", r.errors()).put("callsPerSecond", round(r.callsPerSecond()))
                    .put("latencyMs", latency).put("serviceLatencyMs", service)
                    .put("expectedIntervalMs", r.expectedIntervalMicros() / 1000.0)
                    .put("generatorCpuPercent", round(r.generatorCpuPercent()))
                    .put("serverCpuPercent", r.targetCpuPercent() < 0 ? null : round(r.targetCpuPercent()))
                    .put("perSecond", perSecond).put("serverRssMiB", rss).put("errorSamples", errors));
        }
        JsonObject out = new JsonObject().put("title", title).put("machine", machine());
        if (headline != null) {
            out.put("headline", headline);
        }
        return out.put("summary", summary).put("runs", rows);
    }

    public String html() {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(SvgChart.esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:24px;max-width:1000px}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}"
                        + "pre{background:#f8f8f8;padding:8px;overflow:auto}</style></head><body>\n");
        h.append("<h1>").append(SvgChart.esc(title)).append("</h1>\n<p>").append(SvgChart.esc(machine()))
                .append(". Latency is corrected for coordinated omission: open loop from each call's intended start, closed loop with "
                        + "expected-interval back-fill. Warm-up excluded.</p>\n");
        if (headline != null) {
            h.append("<h2>Result</h2>\n<pre>").append(SvgChart.esc(headline)).append("</pre>\n");
        }
        if (!summary.isEmpty()) {
            h.append("<h2>Summary</h2>\n<pre>").append(SvgChart.esc(summary.encodePrettily())).append("</pre>\n");
        }
        h.append("<h2>Runs</h2>\n<table><tr><th>run</th><th>load</th><th>calls/s</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th>"
                + "<th>p99.9 ms</th><th>max ms</th><th>errors</th><th>generator CPU</th><th>server CPU</th></tr>\n");
        for (RunResult r : runs) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%.0f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td>"
                            + "<td>%.2f</td><td>%d</td><td>%.0f%%</td><td>%s</td></tr>%n", SvgChart.esc(r.label()), r.shape().describe(),
                    r.callsPerSecond(), r.latencyMs(50), r.latencyMs(90), r.latencyMs(99), r.latencyMs(99.9),
                    r.latencyMicros().getTotalCount() == 0 ? Double.NaN : r.latencyMicros().getMaxValue() / 1000.0, r.errors(),
                    r.generatorCpuPercent(), r.targetCpuPercent() < 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", r.targetCpuPercent())));
        }
        h.append("</table>\n");
        h.append(percentileChart().render());
        h.append(overTime("Throughput over time", "calls/s", b -> (double) b.calls()).render());
        h.append(overTime("Errors over time", "errors/s", b -> (double) b.errors()).render());
        h.append(overTime("p99 latency over time (per second of completion)", "ms",
                b -> b.calls() == 0 ? Double.NaN : b.latencyMicros().getValueAtPercentile(99) / 1000.0).render());
        if (runs.stream().anyMatch(r -> !r.rssMiB().isEmpty())) {
            SvgChart rss = new SvgChart("Server resident memory", "seconds", "MiB");
            for (RunResult r : runs) {
                if (!r.rssMiB().isEmpty()) {
                    rss.add(new SvgChart.Series(r.label(), r.rssMiB().stream().mapToDouble(p -> p[0]).toArray(),
                            r.rssMiB().stream().mapToDouble(p -> p[1]).toArray()));
                }
            }
            h.append(rss.render());
        }
        boolean anyErrors = runs.stream().anyMatch(r -> !r.errorSamples().isEmpty());
        if (anyErrors) {
            h.append("<h2>Errors</h2>\n<pre>");
            for (RunResult r : runs) {
                for (Map.Entry<String, Long> e : r.errorSamples().entrySet()) {
                    h.append(SvgChart.esc(r.label() + ": x" + e.getValue() + " " + e.getKey())).append('\n');
                }
            }
            h.append("</pre>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    /** Latency by percentile on the usual log axis: x = log10(1 / (1 - p)). */
    private SvgChart percentileChart() {
        SvgChart chart = new SvgChart("Latency by percentile (corrected)", "percentile", "ms");
        chart.xTicks(List.of(new SvgChart.Tick(0, "0%"), new SvgChart.Tick(1, "90%"), new SvgChart.Tick(2, "99%"),
                new SvgChart.Tick(3, "99.9%"), new SvgChart.Tick(4, "99.99%")));
        for (RunResult r : runs) {
            Histogram hist = r.latencyMicros();
            if (hist.getTotalCount() == 0) {
                continue;
            }
            List<double[]> points = new ArrayList<>();
            for (HistogramIterationValue v : hist.percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo();
                if (p >= 100) {
                    break;
                }
                points.add(new double[] {Math.min(4, Math.log10(100.0 / (100.0 - p))), v.getValueIteratedTo() / 1000.0});
            }
            chart.add(new SvgChart.Series(r.label(), points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray()));
        }
        return chart;
    }

    private SvgChart overTime(String chartTitle, String unit, java.util.function.ToDoubleFunction<TimeSeries.Bucket> value) {
        SvgChart chart = new SvgChart(chartTitle, "seconds since warm-up ended", unit);
        for (RunResult r : runs) {
            List<TimeSeries.Bucket> buckets = r.series().buckets();
            double[] xs = new double[buckets.size()];
            double[] ys = new double[buckets.size()];
            for (int i = 0; i < buckets.size(); i++) {
                xs[i] = i;
                ys[i] = value.applyAsDouble(buckets.get(i));
            }
            chart.add(new SvgChart.Series(r.label(), xs, ys));
        }
        return chart;
    }

    /** Writes {@code NAME.txt}, {@code NAME.json} and {@code NAME.html} into {@code dir}; returns the HTML file. */
    public Path write(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".txt"), text());
        Files.writeString(dir.resolve(name + ".json"), json().encodePrettily());
        Path html = dir.resolve(name + ".html");
        Files.writeString(html, html());
        return html;
    }

    private static String trim(double p) {
        return p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }
}
