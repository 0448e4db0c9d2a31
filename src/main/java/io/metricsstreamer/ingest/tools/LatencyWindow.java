package io.metricsstreamer.ingest.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

/**
 * The latencies of one window, in milliseconds, kept to three significant digits in microseconds (HdrHistogram;
 * a percentile is the highest value its bucket holds): their count, mean, percentiles, and exact maximum. Not
 * thread-safe: its summary's lock guards it.
 */
final class LatencyWindow {
    private static final double MICROS_PER_MS = 1000;
    private final Histogram micros = new Histogram(3);
    private double sumMs;
    private double maxMs;

    /** Records one latency; a negative or non-finite one is ignored (no tool measures such a latency). */
    void record(double ms) {
        if (!(ms >= 0) || Double.isInfinite(ms)) {
            return;
        }
        micros.recordValue(Math.round(ms * MICROS_PER_MS));
        sumMs += ms;
        maxMs = Math.max(maxMs, ms);
    }

    long count() {
        return micros.getTotalCount();
    }

    /** Adds the window's mean, p50, p95, p99 and maximum to {@code data} under the system schema's names. */
    void writeTo(ObjectNode data) {
        if (count() == 0) {
            return;
        }
        data.put("avg_response_time_ms", sumMs / count());
        data.put("p50_response_time_ms", percentile(50));
        data.put("p95_response_time_ms", percentile(95));
        data.put("p99_response_time_ms", percentile(99));
        data.put("max_response_time_ms", maxMs);
    }

    double mean() {
        return count() == 0 ? 0 : sumMs / count();
    }

    double percentile(double p) {
        return micros.getValueAtPercentile(p) / MICROS_PER_MS;
    }
}
