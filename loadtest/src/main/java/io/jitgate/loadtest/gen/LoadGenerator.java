package io.jitgate.loadtest.gen;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * An MCP (or any HTTP) load generator on one Vert.x event loop, so it costs one core at most and
 * never a thread per call. Everything runs on one context: no locks.
 *
 * <p><b>Open loop</b>: call {@code n} is due at {@code start + n / rate}; a 1 ms timer starts every
 * call that is due (a late timer starts the backlog at once). Latency is measured from the intended
 * start, so time a call spent waiting because the server (or the generator) was behind is counted:
 * coordinated omission cannot hide queueing. <b>Closed loop</b>: {@code concurrency} workers call
 * back to back; since a stalled call also stalls its worker's next calls, each latency is recorded
 * with {@link Histogram#recordValueWithExpectedInterval}, the expected interval being the warm-up's
 * median latency, which back-fills the calls the stall kept from starting. Both also keep the
 * uncorrected latency from the actual send.
 *
 * <p>Calls that start during the warm-up are made but not counted. After the window, no new calls
 * start; calls still open after {@code drainTimeout} are counted as errors.
 *
 * <p>An open-loop run can be given a limit of calls in flight ({@link #limitInFlight}): when a due
 * call would exceed it, the server is clearly not keeping up, so the run stops sending and counts
 * one error ("more than N calls in flight"). A rate search uses it so an overloaded trial ends
 * early and leaves the server a bounded backlog instead of minutes of queued calls.
 */
public final class LoadGenerator {
    /** Highest latency a histogram holds (longer ones are clamped). */
    static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final long TICK_MS = 1;

    private final Vertx vertx;
    private final TargetProcess target;
    private final Duration drainTimeout;
    private final long maxInFlight;

    public LoadGenerator(Vertx vertx, TargetProcess target, Duration drainTimeout) {
        this(vertx, target, drainTimeout, 0);
    }

    private LoadGenerator(Vertx vertx, TargetProcess target, Duration drainTimeout, long maxInFlight) {
        this.vertx = vertx;
        this.target = target;
        this.drainTimeout = drainTimeout;
        this.maxInFlight = maxInFlight;
    }

    /** The same generator, whose open-loop runs stop with an error when more than {@code max} calls are in flight. */
    public LoadGenerator limitInFlight(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("the limit of calls in flight must be >= 1, but was " + max);
        }
        return new LoadGenerator(vertx, target, drainTimeout, max);
    }

    public LoadGenerator(Vertx vertx) {
        this(vertx, TargetProcess.UNKNOWN, Duration.ofSeconds(30));
    }

    /**
     * Runs {@code work} with {@code shape} on {@code context} (create one with
     * {@code vertx.getOrCreateContext()} and create the workload's clients on it).
     */
    public Future<RunResult> run(Context context, String label, LoadShape shape, Workload work) {
        Promise<RunResult> done = Promise.promise();
        context.runOnContext(v -> new Run(label, shape, work, done).start());
        return done.future();
    }

    /** The state of one run; touched only on the run's context. */
    private final class Run {
        final String label;
        final LoadShape shape;
        final Workload work;
        final Promise<RunResult> done;
        final Histogram latency = new Histogram(MAX_MICROS, 3);
        final Histogram service = new Histogram(MAX_MICROS, 3);
        final Histogram warmupLatency = new Histogram(MAX_MICROS, 3);
        final TimeSeries series = new TimeSeries();
        final List<double[]> rss = new ArrayList<>();
        final Map<String, Long> errorSamples = new LinkedHashMap<>();
        long start;
        long measureStart;
        long end;
        long nextCall;
        long inFlight;
        long calls;
        long errors;
        long inWindow;
        long expectedInterval = -1;
        long cpuAtMeasure;
        long targetCpuAtMeasure;
        long cpuAtEnd;
        long targetCpuAtEnd;
        boolean sending = true;
        boolean finished;
        boolean overloaded;
        boolean measuring;
        long ticker = -1;
        long sampler = -1;

        Run(String label, LoadShape shape, Workload work, Promise<RunResult> done) {
            this.label = label;
            this.shape = shape;
            this.work = work;
            this.done = done;
        }

        void start() {
            start = System.nanoTime();
            measureStart = start + shape.warmup().toNanos();
            end = measureStart + shape.duration().toNanos();
            long warmupMs = Math.max(1, shape.warmup().toMillis());
            vertx.setTimer(warmupMs, t -> {
                if (finished) {
                    return;
                }
                measuring = true;
                cpuAtMeasure = processCpuNanos();
                targetCpuAtMeasure = target.cpuNanos();
                sampleRss();
                sampler = vertx.setPeriodic(1000, s -> sampleRss());
            });
            vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - start)), t -> {
                cpuAtEnd = processCpuNanos();
                targetCpuAtEnd = target.cpuNanos();
            });
            if (shape.mode() == LoadShape.Mode.OPEN) {
                ticker = vertx.setPeriodic(TICK_MS, t -> openTick());
                openTick();
            } else {
                for (int i = 0; i < shape.concurrency(); i++) {
                    closedNext();
                }
            }
        }

        void openTick() {
            long now = System.nanoTime();
            double interval = 1e9 / shape.ratePerSecond();
            while (true) {
                long intended = start + (long) (nextCall * interval);
                if (intended >= end) {
                    stopSending();
                    return;
                }
                if (intended > now) {
                    return;
                }
                if (maxInFlight > 0 && inFlight >= maxInFlight) {
                    errors++;
                    errorSamples.merge("overloaded: more than " + maxInFlight + " calls in flight; the run stopped sending", 1L, Long::sum);
                    overloaded = true;
                    stopSending();
                    return;
                }
                send(nextCall++, intended);
            }
        }

        void closedNext() {
            if (!sending) {
                return;
            }
            long now = System.nanoTime();
            if (now >= end) {
                stopSending();
                return;
            }
            send(nextCall++, now);
        }

        void send(long n, long intended) {
            long sent = System.nanoTime();
            inFlight++;
            Future<?> call;
            try {
                call = work.call(n);
            } catch (RuntimeException e) {
                call = Future.failedFuture(e);
            }
            call.onComplete(ar -> {
                if (finished) {
                    return;
                }
                inFlight--;
                completed(intended, sent, ar.succeeded() ? null : ar.cause());
                if (shape.mode() == LoadShape.Mode.CLOSED) {
                    // a new task, not a nested call: an answer that is already there must neither
                    // grow the stack nor starve the generator's timers
                    vertx.runOnContext(v -> closedNext());
                }
                maybeFinish();
            });
        }

        void completed(long intended, long sent, Throwable failure) {
            long now = System.nanoTime();
            if (intended < measureStart) {
                if (failure == null) {
                    warmupLatency.recordValue(clamp((now - sent) / 1000));
                }
                return;
            }
            int second = (int) Math.max(0, (now - measureStart) / 1_000_000_000L);
            if (failure != null) {
                errors++;
                series.error(second);
                String message = String.valueOf(failure.getMessage() == null ? failure : failure.getMessage());
                errorSamples.merge(message.length() > 200 ? message.substring(0, 200) : message, 1L, Long::sum);
                return;
            }
            calls++;
            if (now <= end) {
                inWindow++;
            }
            long serviceMicros = clamp((now - sent) / 1000);
            service.recordValue(serviceMicros);
            if (shape.mode() == LoadShape.Mode.OPEN) {
                long fromIntended = clamp((now - intended) / 1000);
                latency.recordValue(fromIntended);
                series.success(second, fromIntended);
            } else {
                if (expectedInterval < 0) {
                    expectedInterval = warmupLatency.getTotalCount() == 0 ? 0 : warmupLatency.getValueAtPercentile(50);
                }
                if (expectedInterval > 0) {
                    latency.recordValueWithExpectedInterval(serviceMicros, expectedInterval);
                } else {
                    latency.recordValue(serviceMicros);
                }
                series.success(second, serviceMicros);
            }
        }

        void stopSending() {
            if (!sending) {
                return;
            }
            sending = false;
            if (ticker >= 0) {
                vertx.cancelTimer(ticker);
            }
            vertx.setTimer(Math.max(1, drainTimeout.toMillis()), t -> {
                if (!finished && inFlight > 0) {
                    errors += inFlight;
                    errorSamples.merge("no answer within the drain timeout of " + drainTimeout.toSeconds() + " s", inFlight, Long::sum);
                    finish();
                }
            });
            maybeFinish();
        }

        void maybeFinish() {
            if (!sending && inFlight == 0 && !finished) {
                // the end-of-window timer may not have fired yet when the last call ends exactly at the end
                // (an overloaded run that stopped early does not wait for the window)
                long wait = overloaded ? 1 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + 1);
                vertx.setTimer(wait, t -> finish());
                finished = true;
            }
        }

        void finish() {
            finished = true;
            if (sampler >= 0) {
                vertx.cancelTimer(sampler);
            }
            double windowSeconds = shape.duration().toNanos() / 1e9;
            long cpuEnd = cpuAtEnd == 0 ? processCpuNanos() : cpuAtEnd;
            // an overloaded run can end before its window started: no CPU figures then
            double generatorCpu = measuring ? 100.0 * (cpuEnd - cpuAtMeasure) / shape.duration().toNanos() : Double.NaN;
            long targetEnd = targetCpuAtEnd == 0 ? target.cpuNanos() : targetCpuAtEnd;
            double targetCpu = !measuring || targetCpuAtMeasure < 0 || targetEnd < 0 ? -1 : 100.0 * (targetEnd - targetCpuAtMeasure) / shape.duration().toNanos();
            done.complete(new RunResult(label, shape, latency, service,
                    shape.mode() == LoadShape.Mode.CLOSED ? Math.max(0, expectedInterval) : 0,
                    calls, errors, inWindow / windowSeconds, generatorCpu, targetCpu, series, List.copyOf(rss), Map.copyOf(errorSamples)));
        }

        void sampleRss() {
            long kib = target.rssKib();
            if (kib >= 0) {
                rss.add(new double[] {(System.nanoTime() - measureStart) / 1e9, kib / 1024.0});
            }
        }
    }

    private static long clamp(long micros) {
        return Math.max(1, Math.min(micros, MAX_MICROS));
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }
}
