package io.metricsstreamer.delivery;

/**
 * A session's state over the slow-client mark. Parked: its socket holds more unsent bytes than the mark, so
 * deliveries wait for it to drain. The deadline: parked for the slow-client time, the client is closed as a slow
 * consumer. Skipping: a parked client that takes every metric as it is passes whole chunks by, at no cost per metric,
 * and catches up from the loop's {@link ChunkLog} when it drains ({@link SkippedChunks}). Made the first time its
 * session goes over the mark (most never do), and kept. Confined to the session's loop.
 */
final class ParkedState {
    private final LoopScheduler loop;
    private final DeliveryConfig config;
    /** Whose {@link ClientSession#onSlowDeadline} the deadline runs (its task is made when it starts, not kept). */
    private final ClientSession session;
    private boolean parked;
    private LoopScheduler.Cancellable deadline;
    private SkippedChunks skipping;

    /** A writable client's; {@code session}'s {@link ClientSession#onSlowDeadline} runs if it stays parked. */
    ParkedState(LoopScheduler loop, DeliveryConfig config, ClientSession session) {
        this.loop = loop;
        this.config = config;
        this.session = session;
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
            deadline = loop.schedule(this::deadlinePassed, config.slowClientNanos());
        }
    }

    private void deadlinePassed() {
        deadline = null;
        session.onSlowDeadline();
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
