package io.metricsstreamer.delivery;

/**
 * When a client's pending list is flushed: once it holds {@code batch_size} metrics or its oldest metric has waited
 * {@code batch_timeout}, but never sooner than the client's update interval after its previous delivery. Pure
 * arithmetic on nanosecond times.
 */
public final class FlushPolicy {
    /** Returned when nothing is pending: no flush to plan. */
    public static final long NEVER = Long.MAX_VALUE;

    private FlushPolicy() {
    }

    /**
     * Nanoseconds from {@code now} until the flush may happen: 0 for now, {@link #NEVER} when nothing is pending.
     *
     * @param lastDeliveryAt when the previous delivery was written; ignored when {@code delivered} is false
     */
    public static long nanosUntilFlush(long now, int pending, long oldestAt, boolean delivered, long lastDeliveryAt,
                                       long intervalNanos, DeliveryConfig config) {
        if (pending == 0) {
            return NEVER;
        }
        long wait = pending >= config.batchSize() ? 0 : oldestAt + config.batchTimeoutNanos() - now;
        if (delivered && intervalNanos > 0) {
            wait = Math.max(wait, lastDeliveryAt + intervalNanos - now);
        }
        return Math.max(0, wait);
    }
}
