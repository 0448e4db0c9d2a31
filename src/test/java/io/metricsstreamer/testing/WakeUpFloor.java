package io.metricsstreamer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The machine's floor for the load generator's start error: one bare thread that sleeps until each due time of a
 * constant rate and measures how late it woke, with nothing else to do (no allocation, no I/O, no hand-over). What
 * a pacer can do on this machine is bounded by this. For benchmarks: {@code WakeUpFloor PERIOD_US COUNT OUT_FILE}
 * writes one line of percentiles in milliseconds to OUT_FILE.
 */
public final class WakeUpFloor {
    private WakeUpFloor() {
    }

    /** Sleeps {@code count} times to due times {@code periodNanos} apart and returns how late each wake-up was. */
    static long[] measure(long periodNanos, int count) {
        long[] late = new long[count];
        long start = System.nanoTime() + periodNanos;
        for (int i = 0; i < count; i++) {
            long due = start + i * periodNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            late[i] = System.nanoTime() - due;
        }
        Arrays.sort(late);
        return late;
    }

    public static void main(String[] args) throws IOException {
        long[] late = measure(Long.parseLong(args[0]) * 1_000, Integer.parseInt(args[1]));
        int n = late.length;
        String line = String.format(Locale.ROOT, "floor p50 %.3f p99 %.3f p99.9 %.3f max %.1f ms%n",
                late[n / 2] / 1e6, late[n * 99 / 100] / 1e6, late[n * 999 / 1000] / 1e6, late[n - 1] / 1e6);
        Files.writeString(Path.of(args[2]), line);
    }
}
