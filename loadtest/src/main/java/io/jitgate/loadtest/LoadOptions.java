package io.jitgate.loadtest;

import io.jitgate.loadtest.gen.LoadShape;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How much load, for how long, and where the reports go; shared by the generator's scenarios. */
final class LoadOptions {
    @Option(names = "--mode", defaultValue = "closed", description = "open (constant arrival rate) or closed (workers call back to back); default ${DEFAULT-VALUE}")
    String mode;

    @Option(names = "--rate", defaultValue = "100", description = "open loop: calls started per second (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--concurrency", defaultValue = "16", description = "closed loop: workers (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--sessions", defaultValue = "16", description = "MCP sessions to spread calls over (default ${DEFAULT-VALUE})")
    int sessions;

    @Option(names = "--connections", defaultValue = "64", description = "HTTP connections at most (default ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--warmup-seconds", defaultValue = "5", description = "calls started before this are not counted (default ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--seconds", defaultValue = "20", description = "measured time after the warm-up (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--out", defaultValue = ".jitgate/loadtest-reports", description = "folder for the text, JSON and HTML reports (default ${DEFAULT-VALUE})")
    Path out;

    LoadShape shape() {
        Duration warmup = Duration.ofMillis((long) (warmupSeconds * 1000));
        Duration duration = Duration.ofMillis((long) (seconds * 1000));
        return switch (mode) {
            case "open" -> LoadShape.open(rate, warmup, duration);
            case "closed" -> LoadShape.closed(concurrency, warmup, duration);
            default -> throw new IllegalArgumentException("--mode must be open or closed, but was " + mode);
        };
    }

    LoadShape closedAt(int workers) {
        return LoadShape.closed(workers, Duration.ofMillis((long) (warmupSeconds * 1000)), Duration.ofMillis((long) (seconds * 1000)));
    }
}
