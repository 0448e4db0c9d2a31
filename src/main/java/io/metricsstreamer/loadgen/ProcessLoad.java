package io.metricsstreamer.loadgen;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * This process's own CPU and memory, as a load tool reports them next to its figures (a generator short of CPU
 * shows it here): CPU as the share of all the machine's cores used since the previous sample, memory as the heap in
 * use over the heap's maximum.
 */
final class ProcessLoad {
    private final com.sun.management.OperatingSystemMXBean os;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private long lastCpu;
    private long lastWall;

    ProcessLoad() {
        OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        os = bean instanceof com.sun.management.OperatingSystemMXBean sun ? sun : null;
        lastCpu = cpuNanos();
        lastWall = System.nanoTime();
    }

    /** The process's CPU time so far in nanoseconds (-1 when the JVM does not tell). */
    long cpuNanos() {
        return os != null ? os.getProcessCpuTime() : -1;
    }

    /** The share of all cores used since the previous call (0..1; 0 when unknown). */
    double cpuSinceLast() {
        long cpu = cpuNanos();
        long wall = System.nanoTime();
        double share = cpu < 0 || wall == lastWall ? 0 : (cpu - lastCpu) / (double) (wall - lastWall) / cores;
        lastCpu = cpu;
        lastWall = wall;
        return Math.max(0, Math.min(1, share));
    }

    /** Heap in use over the heap's maximum (0..1). */
    static double memory() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (double) rt.maxMemory();
    }

    /** The machine's cores, as the CPU share counts them. */
    int cores() {
        return cores;
    }
}
