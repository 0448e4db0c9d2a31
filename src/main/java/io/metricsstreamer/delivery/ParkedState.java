package io.metricsstreamer.delivery;

/**
 * A session's state over the slow-client mark. Parked: its socket holds more unsent bytes than the mark, so
 * deliveries wait for it to drain. The deadline: parked for the slow-client time, the client is closed as a slow
 * consumer. Skipping: a parked client that takes every metric as it is passes whole chunks by, at no cost per metric,
 * and catches up from the loop's {@link ChunkLog} when it drains ({@link SkippedChunks}). Confined to the session's
 * loop.
 */
final class ParkedState {
    private final LoopScheduler loop;
    private final DeliveryConfig config;
    private final Runnable onDeadline;
    private boolean parked;
    private LoopScheduler.Cancellable deadline;
    private SkippedChunks skipping;

    /** The state of a writable client; {@code onDeadline} runs on {@code loop} if it stays parked too long. */
    ParkedState(LoopScheduler loop, DeliveryConfig config, Runnable onDeadline) {
        this.loop = loop;
        this.config = config;
        this.onDeadline = onDeadline;
    }

    /** Whether deliveries wait for the socket to drain. */
    boolean isParked() {
        return parked;
    }

    /** Parks at once, without the deadline (that starts with {@link #writabilityChanged}). Only sets a flag. */
    void park() {
        parked = true;
    }

    /** The socket crossed the mark: parked while not writable, with the deadline running from the first crossing. */
    void writabilityChanged(boolean writable) {
        parked = !writable;
        if (writable) {
            cancelDeadline();
        } else if (deadline == null) {
            deadline = loop.schedule(onDeadline, config.slowClientNanos());
        }
    }

    /** The deadline's task runs (called first thing by it). */
    void deadlinePassed() {
        deadline = null;
    }

    /** Cancels the deadline, if running. */
    void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
    }

    /** Whether chunks were skipped and not caught up with yet. */
    boolean isSkipping() {
        return skipping != null;
    }

    /**
     * Skips chunk number {@code chunk} of the loop's log ({@code metrics} metrics), leaving {@code pending} as it is
     * until the catch-up; returns the drops to count now.
     */
    long skip(long chunk, int metrics, PendingQueue pending, ChunkLog log) {
        if (skipping == null) {
            skipping = new SkippedChunks(chunk, pending.size(), config.parkedPendingBytes(), config.maxPending(),
                    log);
        }
        return skipping.skip(metrics, log);
    }

    /** The metrics the skipping client would have pending now, had it been offered each. */
    int skippingPendingCount() {
        return skipping.pendingCount();
    }

    /** Ends skipping: takes the newest skipped metrics into {@code pending}; returns the drops not counted yet. */
    long catchUp(PendingQueue pending, ChunkLog log) {
        SkippedChunks skipped = skipping;
        skipping = null;
        return skipped.catchUp(pending, log);
    }
}
