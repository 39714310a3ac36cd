package io.jitgate.loadtest.gen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server under test as a Linux process: its CPU time ({@code /proc/PID/stat}) and resident
 * memory ({@code VmRSS} of {@code /proc/PID/status}). Pid 0 means unknown: every reading is then -1.
 */
public record TargetProcess(long pid) {
    private static final double NANOS_PER_TICK = 1e9 / 100; // USER_HZ is 100 on Linux

    public static final TargetProcess UNKNOWN = new TargetProcess(0);

    /** User + system CPU nanoseconds so far, or -1 when unknown. */
    public long cpuNanos() {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (long) ((Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size in KiB, or -1 when unknown (no such process). */
    public long rssKib() {
        if (pid <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
