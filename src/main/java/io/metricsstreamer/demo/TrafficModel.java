package io.metricsstreamer.demo;

import io.metricsstreamer.model.SystemMetrics;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * System-wide traffic of the simulated system under test: throughput follows the load profile, latency and errors
 * grow as it nears saturation and jump during incidents, counters accumulate. Single-threaded.
 */
public final class TrafficModel {
    /** Throughput at load factor 1.0, requests per second. */
    public static final double PEAK_TPS = 1500;
    /** Throughput at which the simulated system saturates. */
    public static final double CAPACITY_TPS = 1800;
    private static final double KILOBYTES_PER_REQUEST = 6;

    private final SplittableRandom random;
    private double total;
    private double successful;
    private double failed;
    private double lastTps;
    private double lastErrorRate;
    private double lastP99;

    /** A model drawing its noise from {@code random}. */
    public TrafficModel(SplittableRandom random) {
        this.random = random;
    }

    /**
     * Advances {@code dt} seconds to {@code load} (profile factor) and {@code severity} (incident, 0..1) and
     * returns the system metrics at {@code now}.
     */
    public SystemMetrics step(Instant now, double dt, double load, double severity) {
        double tps = Math.max(0, PEAK_TPS * load * (1 + noise(0.03)) * (1 - 0.25 * severity));
        double u = tps / CAPACITY_TPS;
        double saturation = Math.max(0, u - 0.85);
        double p50 = 18 * (1 + 2 * Math.pow(u, 4)) * (1 + 1.5 * severity) * (1 + noise(0.04));
        double p95 = p50 * 2.4 * (1 + 2 * severity) * (1 + noise(0.05));
        double p99 = p95 * 1.7 * (1 + 1.5 * severity) * (1 + noise(0.06));
        double max = p99 * (1.5 + random.nextDouble());
        double errorRate = clamp(0.002 + 0.05 * saturation + 0.08 * severity + noise(0.001), 0, 1);
        double timeoutRate = clamp(errorRate * (0.2 + 0.3 * severity), 0, 1);
        double requests = tps * dt;
        total += requests;
        failed += requests * errorRate;
        successful += requests * (1 - errorRate);
        lastTps = tps;
        lastErrorRate = errorRate;
        lastP99 = p99;
        long queueDepth = Math.round(Math.max(0, saturation * 900 + severity * 150));
        double queueWait = tps > 0 ? queueDepth / tps * 1000 : 0;
        return new SystemMetrics(now, round(tps, 1), (long) total, (long) successful, (long) failed,
                round(p50 * 1.15, 2), round(p50, 2), round(p95, 2), round(p99, 2), round(max, 2),
                round(errorRate, 5), round(timeoutRate, 5),
                round(clamp(0.12 + 0.7 * u + noise(0.02), 0, 0.99), 4),
                round(clamp(0.35 + 0.25 * u + 0.05 * severity + noise(0.01), 0, 0.99), 4),
                round(tps * KILOBYTES_PER_REQUEST * 8 / 1000, 2), queueDepth, round(queueWait, 2));
    }

    /** Throughput of the last step. */
    public double lastTps() {
        return lastTps;
    }

    /** Error rate of the last step. */
    public double lastErrorRate() {
        return lastErrorRate;
    }

    /** p99 latency of the last step, ms. */
    public double lastP99() {
        return lastP99;
    }

    private double noise(double scale) {
        return (random.nextDouble() * 2 - 1) * scale;
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
