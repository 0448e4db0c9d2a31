package io.metricsstreamer.delivery;

/**
 * The delivery settings every session of a server shares.
 *
 * @param batchSize         pending metrics that trigger a flush (a flush sends all pending, not just this many)
 * @param batchTimeoutNanos how long the oldest pending metric may wait before a flush
 * @param maxPending        bound of a client's pending list; past it the oldest are dropped and counted
 * @param maxPendingBytes   bound of a client's pending list in envelope bytes (at least one metric is kept, whatever
 *                          its size); past it the oldest are dropped and counted
 * @param slowClientNanos   how long a client may stay over the slow-client mark before it is closed 1008
 * @param slowClientBytes   the slow-client mark; while a client's socket is over it, its pending list is kept under
 *                          {@link #parkedPendingBytes()} (oldest dropped, counted), so the frame it gets when the
 *                          socket drains is small too
 */
public record DeliveryConfig(int batchSize, long batchTimeoutNanos, int maxPending, long maxPendingBytes,
                             long slowClientNanos, long slowClientBytes) {
    /** The default slow-client mark, 1 MiB. */
    public static final long DEFAULT_SLOW_CLIENT_BYTES = 1024 * 1024;

    /**
     * The default byte bound of a pending list, 16 MiB: far above what max-pending metrics of usual sizes take, so it
     * acts only for large metrics, where the count alone would let one throttled client hold hundreds of megabytes.
     */
    public static final long DEFAULT_MAX_PENDING_BYTES = 16L * 1024 * 1024;

    /** Share of the slow-client mark a client over it keeps pending: its newest metrics within a sixteenth. */
    public static final int PARKED_PENDING_SHARE = 16;

    /**
     * What a client over the slow-client mark keeps pending: its newest metrics within this many envelope bytes (at
     * least one metric whatever its size), 64 KiB at the default mark. Small, so that a client that fell behind
     * catches up with the newest data in one modest frame instead of the mark's worth of old data, and so that
     * drops for it cost little (measured: docs/benchmarks/LOG.md, item 24).
     */
    public long parkedPendingBytes() {
        return Math.max(1, slowClientBytes / PARKED_PENDING_SHARE);
    }

    /** Settings with the default byte bound of a pending list. */
    public DeliveryConfig(int batchSize, long batchTimeoutNanos, int maxPending, long slowClientNanos,
                          long slowClientBytes) {
        this(batchSize, batchTimeoutNanos, maxPending, DEFAULT_MAX_PENDING_BYTES, slowClientNanos, slowClientBytes);
    }

    /** Settings with the default slow-client mark and byte bound of a pending list. */
    public DeliveryConfig(int batchSize, long batchTimeoutNanos, int maxPending, long slowClientNanos) {
        this(batchSize, batchTimeoutNanos, maxPending, slowClientNanos, DEFAULT_SLOW_CLIENT_BYTES);
    }

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
        if (maxPendingBytes < 1) {
            throw new IllegalArgumentException("max pending bytes must be positive, was " + maxPendingBytes);
        }
        if (slowClientNanos <= 0) {
            throw new IllegalArgumentException("slow-client time must be positive");
        }
        if (slowClientBytes < 1) {
            throw new IllegalArgumentException("slow-client mark must be positive");
        }
    }
}
