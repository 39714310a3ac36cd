package io.jitgate.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of another process (the gateway under test), from Linux's {@code /proc/PID/stat}. */
final class GatewayCpu {
    private static final double NANOS_PER_TICK = 1e9 / 100; // USER_HZ is 100 on Linux

    private GatewayCpu() {
    }

    /** User + system CPU nanoseconds of {@code pid}, or 0 when unknown. */
    static long nanos(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            return (long) (ticks * NANOS_PER_TICK);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
