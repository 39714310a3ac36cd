package io.jitgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The head file is written at most once per interval however often heads are published, and the newest one is kept. */
class ChainHeadWriterTest {
    @TempDir
    Path dir;

    @Test
    void headsPublishedFasterThanTheIntervalCollapseIntoTheNewest() throws Exception {
        Path active = dir.resolve("attribution.jsonl");
        ChainHeadWriter writer = new ChainHeadWriter(active, new ChainHead(0, HashChain.GENESIS, Instant.now()), e -> {
            throw new AssertionError(e);
        });
        long start = System.nanoTime();
        for (int i = 1; i <= 5_000; i++) {
            writer.publish(new ChainHead(i, "%064x".formatted(i), Instant.now()));
            if (i % 50 == 0) {
                Thread.sleep(1);
            }
        }
        long writesWhileOpen = writer.writes();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        writer.close();
        // one initial write, then each write is followed by at least MIN_INTERVAL without another
        assertThat(writesWhileOpen).isLessThanOrEqualTo(2 + elapsedMs / ChainHeadWriter.MIN_INTERVAL.toMillis());
        assertThat(ChainHead.read(active).orElseThrow().records()).isEqualTo(5_000);
    }
}
