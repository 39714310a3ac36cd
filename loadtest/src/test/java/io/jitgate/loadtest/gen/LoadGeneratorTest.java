package io.jitgate.loadtest.gen;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generator's coordinated-omission correction, against fake servers. The assertions compare
 * the generator's own outputs (corrected against uncorrected, open against closed loop) with wide
 * margins: they check what is measured, not how fast anything is.
 */
class LoadGeneratorTest {
    private static final long MS = 1000; // histogram unit is microseconds
    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void openLoopCountsTheQueueingDelayOfAnOverloadedServerThatClosedLoopHides() throws Exception {
        try (SlowServer server = new SlowServer(vertx, 10)) { // capacity: 100 calls/s
            Context context = vertx.getOrCreateContext();
            WebClient client = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions(), new PoolOptions().setHttp1MaxSize(400));
            Workload post = n -> client.post(server.port(), "127.0.0.1", "/").send();
            LoadGenerator generator = new LoadGenerator(vertx);

            RunResult closed = generator.run(context, "closed", LoadShape.closed(1, Duration.ofMillis(300), Duration.ofSeconds(1)), post)
                    .await(60, TimeUnit.SECONDS);
            RunResult open = generator.run(context, "open", LoadShape.open(200, Duration.ofMillis(200), Duration.ofSeconds(2)), post)
                    .await(60, TimeUnit.SECONDS);

            // one worker never queues: each call sees about the 10 ms service time
            assertThat(closed.errors()).isZero();
            assertThat(closed.latencyMicros().getValueAtPercentile(50)).isLessThan(100 * MS);
            // twice the capacity offered: the backlog grows by ~100 calls a second, so calls wait
            // hundreds of milliseconds, and the open loop shows it
            assertThat(open.errors()).isZero();
            assertThat(open.latencyMicros().getValueAtPercentile(50)).isGreaterThan(200 * MS);
            assertThat(open.latencyMicros().getValueAtPercentile(50)).isGreaterThan(5 * closed.latencyMicros().getValueAtPercentile(50));
            // the server completes at its capacity, not at the offered rate
            assertThat(open.callsPerSecond()).isLessThan(160);
        }
    }

    @Test
    void openLoopMeasuresFromTheIntendedStartWhenTheGeneratorItselfStalls() throws Exception {
        Context context = vertx.getOrCreateContext();
        // an instant server; call 100 blocks the generator's event loop for 300 ms, so the ~60 calls
        // due meanwhile start late: their latency from the intended start must show the wait
        Workload work = n -> {
            if (n == 100) {
                sleep(300);
            }
            return Future.succeededFuture();
        };
        RunResult run = new LoadGenerator(vertx).run(context, "stall", LoadShape.open(200, Duration.ofMillis(100), Duration.ofSeconds(2)), work)
                .await(60, TimeUnit.SECONDS);

        long lateCorrected = run.latencyMicros().getCountBetweenValues(100 * MS, LoadGenerator.MAX_MICROS);
        long lateService = run.serviceMicros().getCountBetweenValues(100 * MS, LoadGenerator.MAX_MICROS);
        assertThat(lateCorrected).as("calls that waited >= 100 ms behind the stall, from their intended start").isGreaterThanOrEqualTo(20);
        assertThat(lateService).as("the same calls timed from their actual send look instant").isLessThanOrEqualTo(1);
        assertThat(run.latencyMicros().getMaxValue()).isGreaterThanOrEqualTo(250 * MS);
    }

    @Test
    void closedLoopBackFillsTheCallsAStallKeptFromStarting() throws Exception {
        Context context = vertx.getOrCreateContext();
        // 2 ms calls, except one (well after the warm-up) that takes 400 ms
        Workload work = n -> {
            Promise<Void> answer = Promise.promise();
            vertx.setTimer(n == 300 ? 400 : 2, t -> answer.complete());
            return answer.future();
        };
        RunResult run = new LoadGenerator(vertx).run(context, "stall", LoadShape.closed(1, Duration.ofMillis(300), Duration.ofMillis(2500)), work)
                .await(60, TimeUnit.SECONDS);

        assertThat(run.expectedIntervalMicros()).as("the warm-up's median latency").isBetween(1 * MS, 50 * MS);
        long slowRaw = run.serviceMicros().getCountBetweenValues(100 * MS, LoadGenerator.MAX_MICROS);
        long slowCorrected = run.latencyMicros().getCountBetweenValues(100 * MS, LoadGenerator.MAX_MICROS);
        assertThat(slowRaw).as("one real call was slow (a busy machine may delay another 2 ms timer)").isBetween(1L, 3L);
        assertThat(slowCorrected).as("the calls that would have started during the stall are counted too").isGreaterThanOrEqualTo(10);
        assertThat(run.latencyMicros().getTotalCount()).isGreaterThan(run.serviceMicros().getTotalCount());
    }

    @Test
    void failedCallsAreCountedAsErrorsAndKeptAsSamples() throws Exception {
        Context context = vertx.getOrCreateContext();
        Workload work = n -> n % 4 == 0 ? Future.failedFuture("HTTP 503 busy") : Future.succeededFuture();
        RunResult run = new LoadGenerator(vertx).run(context, "errors", LoadShape.open(400, Duration.ofMillis(100), Duration.ofSeconds(1)), work)
                .await(60, TimeUnit.SECONDS);

        assertThat(run.errors()).isGreaterThan(50);
        assertThat(run.calls()).isGreaterThan(2 * run.errors());
        assertThat(run.errorSamples()).containsOnlyKeys("HTTP 503 busy");
        assertThat(run.series().buckets().stream().mapToLong(TimeSeries.Bucket::errors).sum()).isEqualTo(run.errors());
    }

    @Test
    void anOpenLoopRunWithAnInFlightLimitStopsSendingWhenTheServerFallsBehind() throws Exception {
        Context context = vertx.getOrCreateContext();
        // a server that never answers: every call stays in flight
        java.util.concurrent.atomic.AtomicLong started = new java.util.concurrent.atomic.AtomicLong();
        Workload silent = n -> {
            started.incrementAndGet();
            return Promise.promise().future();
        };
        LoadGenerator generator = new LoadGenerator(vertx, TargetProcess.UNKNOWN, Duration.ofMillis(200)).limitInFlight(20);
        // a ten-minute window: the run ends long before it only because it stopped at the limit
        RunResult run = generator.run(context, "overload", LoadShape.open(1000, Duration.ofMillis(100), Duration.ofMinutes(10)), silent)
                .await(60, TimeUnit.SECONDS);

        assertThat(started.get()).as("calls sent: no more than the limit").isEqualTo(20);
        assertThat(run.errorSamples()).containsKey("overloaded: more than 20 calls in flight; the run stopped sending");
        assertThat(run.errors()).as("the refused call plus the 20 unanswered ones").isEqualTo(21);
        assertThat(run.calls()).isZero();
    }

    @Test
    void theInFlightLimitMustBePositive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LoadGenerator(vertx).limitInFlight(0))
                .hasMessageContaining("calls in flight must be >= 1");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
