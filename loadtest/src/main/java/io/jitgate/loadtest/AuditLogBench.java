package io.jitgate.loadtest;

import io.jitgate.audit.AuditSink;
import io.jitgate.audit.FileAuditLog;
import io.jitgate.audit.Rotation;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The attribution log alone, without a gateway: {@code writers} closed-loop writers each append a
 * record of about {@code record-bytes} and wait until it is durable, as a call waits before its
 * answer. Rounds alternate between plain appends and a preallocated file (A B, B A, ...), each on a
 * fresh file, so drift from other load on the machine hits both. Reports appends/s, append latency
 * (mean, p50, p99) and records per fsync per round, and the medians per mode.
 */
@Command(name = "audit-log", description = "Durable appends/s and latency of the attribution log: plain appends against a preallocated file.")
final class AuditLogBench implements Callable<Integer> {
    @Option(names = "--writers", defaultValue = "16") int writers;
    @Option(names = "--seconds", defaultValue = "3") int seconds;
    @Option(names = "--rounds", defaultValue = "7", description = "rounds per mode") int rounds;
    @Option(names = "--record-bytes", defaultValue = "1300", description = "size of one record (a whoami record is about 1.3 KB)") int recordBytes;
    @Option(names = "--preallocate", defaultValue = "4194304", description = "audit.preallocateBytes of the preallocated mode") long preallocate;
    @Option(names = "--dir", required = true, description = "a folder on the disk to measure (files are deleted after each round)") Path dir;

    private record Round(String mode, double appendsPerSecond, double meanMs, double p50Ms, double p99Ms, double recordsPerFsync) {
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        Vertx vertx = Vertx.vertx();
        try {
            measure(vertx, 0, 2); // warm-up
            List<Round> all = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                List<Long> order = r % 2 == 0 ? List.of(0L, preallocate) : List.of(preallocate, 0L);
                for (long mode : order) {
                    Round round = measure(vertx, mode, seconds);
                    all.add(round);
                    System.out.printf(Locale.ROOT, "%-12s %9.0f appends/s  mean %6.2f ms  p50 %6.2f ms  p99 %7.2f ms  %5.1f records/fsync%n",
                            round.mode(), round.appendsPerSecond(), round.meanMs(), round.p50Ms(), round.p99Ms(), round.recordsPerFsync());
                }
            }
            for (String mode : List.of("append", "preallocated")) {
                List<Round> of = all.stream().filter(x -> x.mode().equals(mode)).toList();
                System.out.printf(Locale.ROOT, "median %-12s %9.0f appends/s  mean latency %6.2f ms  p99 %7.2f ms (range %.0f-%.0f appends/s)%n", mode,
                        median(of.stream().map(Round::appendsPerSecond).toList()), median(of.stream().map(Round::meanMs).toList()),
                        median(of.stream().map(Round::p99Ms).toList()),
                        of.stream().mapToDouble(Round::appendsPerSecond).min().orElse(0), of.stream().mapToDouble(Round::appendsPerSecond).max().orElse(0));
            }
            return 0;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private Round measure(Vertx vertx, long preallocateBytes, int roundSeconds) throws Exception {
        Path folder = Files.createTempDirectory(dir, "round-");
        FileAuditLog log = new FileAuditLog(vertx, folder.resolve("attribution.jsonl"), Rotation.NEVER, preallocateBytes);
        String pad = "x".repeat(Math.max(0, recordBytes - 200));
        Recorder latencies = new Recorder(3);
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(writers);
        long[] counts = new long[writers];
        long start = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            int id = w;
            Thread writer = new Thread(() -> {
                try {
                    while (running.get()) {
                        long t = System.nanoTime();
                        log.append(new JsonObject().put("kind", "bench").put("writer", id).put("pad", pad)).await(30, TimeUnit.SECONDS);
                        latencies.recordValue((System.nanoTime() - t) / 1000);
                        counts[id]++;
                    }
                } catch (Exception e) {
                    System.err.println("writer " + id + ": " + e);
                } finally {
                    done.countDown();
                }
            });
            writer.setDaemon(true);
            writer.start();
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(roundSeconds));
        running.set(false);
        done.await(60, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        AuditSink.Status status = log.status();
        log.close();
        try (var files = Files.walk(folder)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        var h = latencies.getIntervalHistogram();
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return new Round(preallocateBytes == 0 ? "append" : "preallocated", total / elapsed, h.getMean() / 1000, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, status.commits() == 0 ? 0 : (double) status.written() / status.commits());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }
}
