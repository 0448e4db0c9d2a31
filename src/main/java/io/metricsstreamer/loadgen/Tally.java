package io.metricsstreamer.loadgen;

import org.HdrHistogram.Histogram;

/**
 * Counts and latencies of requests' outcomes over one stretch of a run (an interval, or the whole run). Latency is in
 * microseconds from each request's intended start; responses and timeouts are recorded in it (a timed-out request at
 * the time it was given up, a lower bound), requests that were never sent or never connected are not. Not
 * thread-safe: the client's loop owns it.
 */
final class Tally {
    /** The longest latency tracked exactly, in microseconds (an hour); longer ones are recorded as this. */
    static final long HIGHEST_MICROS = 3_600_000_000L;

    final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
    long outcomes;
    long responses;
    long successful;
    long timeouts;
    long overLimit;
    long connectFailures;
    long ioFailures;
    long bytes;

    void responded(int status, long micros, long exchanged) {
        outcomes++;
        responses++;
        if (status < 400) {
            successful++;
        }
        bytes += exchanged;
        latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, micros)));
    }

    void timedOut(long micros) {
        outcomes++;
        timeouts++;
        latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, micros)));
    }

    void overLimit() {
        outcomes++;
        overLimit++;
    }

    void connectFailed() {
        outcomes++;
        connectFailures++;
    }

    void ioFailed() {
        outcomes++;
        ioFailures++;
    }

    long failed() {
        return outcomes - successful;
    }

    double errorRate() {
        return outcomes == 0 ? 0 : failed() / (double) outcomes;
    }

    double timeoutRate() {
        return outcomes == 0 ? 0 : timeouts / (double) outcomes;
    }

    /** The latency at {@code percentile} in milliseconds (0 with nothing recorded). */
    double ms(double percentile) {
        return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1000.0;
    }

    double meanMs() {
        return latency.getTotalCount() == 0 ? 0 : latency.getMean() / 1000.0;
    }

    double maxMs() {
        return latency.getTotalCount() == 0 ? 0 : latency.getMaxValue() / 1000.0;
    }

    void reset() {
        latency.reset();
        outcomes = 0;
        responses = 0;
        successful = 0;
        timeouts = 0;
        overLimit = 0;
        connectFailures = 0;
        ioFailures = 0;
        bytes = 0;
    }
}
