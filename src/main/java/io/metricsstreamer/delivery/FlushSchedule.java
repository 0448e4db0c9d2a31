package io.metricsstreamer.delivery;

/**
 * When a session's pending list is delivered next: {@link FlushPolicy}'s rules applied to the session's state (the
 * time of its last delivery and its update interval), and the flush timer on its loop that fires when no offer
 * comes to trigger the flush. Confined to the session's loop.
 */
final class FlushSchedule {
    private final LoopScheduler loop;
    private final DeliveryConfig config;
    private final Runnable onTimer;
    private boolean delivered;
    private long lastDeliveryAt;
    private LoopScheduler.Cancellable timer;
    private long timerAt;

    /** A schedule whose timer runs {@code onTimer} on {@code loop}. */
    FlushSchedule(LoopScheduler loop, DeliveryConfig config, Runnable onTimer) {
        this.loop = loop;
        this.config = config;
        this.onTimer = onTimer;
    }

    /**
     * Nanoseconds from {@code now} until {@code pending} may be delivered: 0 for now, {@link FlushPolicy#NEVER} when
     * nothing is pending.
     */
    long nanosUntilFlush(long now, PendingQueue pending, long intervalNanos) {
        return FlushPolicy.nanosUntilFlush(now, pending.size(), pending.isEmpty() ? 0 : pending.oldestEnqueuedAt(),
                delivered, lastDeliveryAt, intervalNanos, config);
    }

    /** Sets the timer to fire {@code wait} nanoseconds from {@code now}, unless it is set to fire sooner already. */
    void fireWithin(long now, long wait) {
        if (timer == null || timerAt > now + wait) {
            cancel();
            timerAt = now + wait;
            timer = loop.schedule(onTimer, wait);
        }
    }

    /** Whether the timer is set. */
    boolean isSet() {
        return timer != null;
    }

    /** The timer fired (called first thing by its task). */
    void fired() {
        timer = null;
    }

    /** Cancels the timer, if set. */
    void cancel() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /**
     * A delivery was written at {@code now}. The timer is left to fire: cancelling and setting it again on every
     * delivery costs two operations on the loop's timer heap per batch, while a timer that finds nothing due, or an
     * earlier batch, just plans again.
     */
    void delivered(long now) {
        delivered = true;
        lastDeliveryAt = now;
    }
}
