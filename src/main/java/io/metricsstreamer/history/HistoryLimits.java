package io.metricsstreamer.history;

/**
 * The bounds of the history; whichever is reached first evicts the oldest metric.
 *
 * @param maxMetrics  metrics kept at most; 0 keeps none (history off)
 * @param maxAgeNanos how long a metric is kept after it was published
 * @param maxBytes    what the kept metrics may cost, counted as {@link RingHistory#costOf} (their encoded bytes plus
 *                    a fixed overhead per metric); the newest metric is kept whatever its size
 */
public record HistoryLimits(int maxMetrics, long maxAgeNanos, long maxBytes) {
    /** Keeps nothing. */
    public static final HistoryLimits OFF = new HistoryLimits(0, 1, 1);

    /** Validates the bounds. */
    public HistoryLimits {
        if (maxMetrics < 0) {
            throw new IllegalArgumentException("history size must not be negative, was " + maxMetrics);
        }
        if (maxAgeNanos < 1) {
            throw new IllegalArgumentException("history age must be positive, was " + maxAgeNanos + " ns");
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("history bytes must be positive, was " + maxBytes);
        }
    }
}
