package io.metricsstreamer.delivery;

/**
 * The delivery settings every session of a server shares.
 *
 * @param batchSize         pending metrics that trigger a flush (a flush sends all pending, not just this many)
 * @param batchTimeoutNanos how long the oldest pending metric may wait before a flush
 * @param maxPending        bound of a client's pending list; past it the oldest are dropped and counted
 * @param slowClientNanos   how long a client may stay over the slow-client mark before it is closed 1008
 */
public record DeliveryConfig(int batchSize, long batchTimeoutNanos, int maxPending, long slowClientNanos) {
    /** Validates the settings. */
    public DeliveryConfig {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
        }
        if (batchTimeoutNanos < 0) {
            throw new IllegalArgumentException("batch timeout must not be negative");
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("max pending must be at least 1, was " + maxPending);
        }
        if (slowClientNanos <= 0) {
            throw new IllegalArgumentException("slow-client time must be positive");
        }
    }
}
