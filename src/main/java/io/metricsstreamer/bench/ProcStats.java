package io.metricsstreamer.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU and memory of a process tree from Linux {@code /proc}, as the C harness reads them: CPU is utime+stime of
 * {@code /proc/PID/stat} (clock ticks of 100 Hz, the Linux USER_HZ) summed over the process and its descendants;
 * memory is {@code VmRSS} / {@code VmHWM} of {@code /proc/PID/status}, summed likewise. Where {@code /proc} cannot
 * be read, CPU is NaN and memory -1. Stateless.
 */
final class ProcStats {
    /** Linux reports utime/stime in USER_HZ, 100 per second on every mainstream kernel. */
    static final double CLOCK_TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** CPU seconds used so far by {@code pid} and its descendants, or NaN. */
    static double cpuSeconds(long pid) {
        double sum = 0;
        boolean any = false;
        for (long p : tree(pid)) {
            double s = cpuSecondsOf("/proc/" + p + "/stat");
            if (!Double.isNaN(s)) {
                sum += s;
                any = true;
            }
        }
        return any ? sum : Double.NaN;
    }

    /** CPU seconds used so far by this JVM (the bench: clients and publisher), or NaN. */
    static double selfCpuSeconds() {
        return cpuSecondsOf("/proc/self/stat");
    }

    /** The {@code key} line of {@code /proc/PID/status} (e.g. VmRSS, VmHWM) in KiB, summed over the tree, or -1. */
    static long statusKb(long pid, String key) {
        long sum = -1;
        for (long p : tree(pid)) {
            long v = statusKbOf(Path.of("/proc/" + p + "/status"), key);
            if (v >= 0) {
                sum = Math.max(sum, 0) + v;
            }
        }
        return sum;
    }

    private static List<Long> tree(long pid) {
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    static double cpuSecondsOf(String statFile) {
        try {
            return parseCpuSeconds(Files.readString(Path.of(statFile), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** utime+stime in seconds from the text of a {@code /proc/PID/stat} file. */
    static double parseCpuSeconds(String stat) {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long utime = Long.parseLong(f[11]);
        long stime = Long.parseLong(f[12]);
        return (utime + stime) / CLOCK_TICKS_PER_SECOND;
    }

    private static long statusKbOf(Path status, String key) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                if (line.startsWith(key + ":")) {
                    String v = line.substring(key.length() + 1).trim();
                    int space = v.indexOf(' ');
                    return Long.parseLong(space < 0 ? v : v.substring(0, space));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
