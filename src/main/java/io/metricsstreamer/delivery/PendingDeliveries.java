package io.metricsstreamer.delivery;

/**
 * A session's pending list and what becomes of it: the metrics waiting (a bounded {@link PendingQueue}, oldest
 * dropped), the drops its next delivery reports, the rules that decide when the list goes out
 * ({@link FlushSchedule}), and the delivery frames written to the socket (flushed once per loop task by
 * {@link #flushWrites}). While its session records a chunk's outcome for the clients in step, every frame and drop is
 * told to that outcome. Confined to the session's loop.
 */
final class PendingDeliveries {
    private final PendingQueue pending;
    private final FlushSchedule schedule;
    private final Outbound outbound;
    private final DeliveryConfig config;
    private final SessionCounters counters;
    /** Metrics lost since the last delivery, which the next delivery reports as {@code dropped}. */
    private long droppedSinceDelivery;
    /** Deliveries were written and not flushed yet. */
    private boolean dirty;
    /** The outcome of the chunk being offered that the session records for others in step, or null. */
    private ChunkOutcomes.Outcome recording;

    /** Empty; the flush timer runs {@code onFlushTimer} on {@code loop}. */
    PendingDeliveries(Outbound outbound, LoopScheduler loop, DeliveryConfig config, SessionCounters counters,
                      Runnable onFlushTimer) {
        this.pending = new PendingQueue(config.maxPending());
        this.schedule = new FlushSchedule(loop, config, onFlushTimer);
        this.outbound = outbound;
        this.config = config;
        this.counters = counters;
    }

    /** The metrics waiting, oldest first. */
    PendingQueue queue() {
        return pending;
    }

    /** When they go out. */
    FlushSchedule schedule() {
        return schedule;
    }

    /**
     * Adds a metric's view at {@code now}. Past max-pending the oldest is dropped; while the socket is over the
     * slow-client mark, the oldest are dropped down to what a parked client keeps, so that what it holds in the
     * server, and the frame it gets once its socket drains, stay small rather than bounded by max-pending.
     */
    void add(EncodedMetric view, long now) {
        if (pending.add(view, now)) {
            countDropped(1);
        }
        if (pending.bytes() > config.parkedPendingBytes() && !outbound.isWritable()) {
            countDropped(pending.dropOldestOver(config.parkedPendingBytes()));
        }
        counters.pending(pending.size());
    }

    /** {@code n} metrics were lost for this client: counted, and reported by its next delivery. */
    void countDropped(long n) {
        if (n > 0 && recording != null) {
            recording.spoil();
        }
        droppedSinceDelivery += n;
        counters.dropped(n);
    }

    /**
     * The part of being in step ({@link ChunkOutcomes}) that depends on the deliveries: nothing dropped since the last
     * delivery (which the next frame reports), a short pending list, no pending metric due by the batch timeout
     * without the flush timer set (an offer would then flush it at once; with the timer set, the timer takes it in
     * its own time), and a writable socket.
     */
    boolean inStep(long now) {
        return droppedSinceDelivery == 0 && pending.size() <= ChunkOutcomes.MAX_START
                && (pending.isEmpty() || schedule.isSet()
                    || now - pending.oldestEnqueuedAt() < config.batchTimeoutNanos())
                && outbound.isWritable();
    }

    /** From now on, frames written and drops are told to {@code outcome} (null: to nobody). */
    void record(ChunkOutcomes.Outcome outcome) {
        recording = outcome;
    }

    /**
     * Delivers now if the flush rules say so, or sets the flush timer for when they will; the caller checked that
     * the socket can take it.
     */
    void plan(long now, long intervalNanos, RecentBatchFrames batches) {
        long wait = schedule.nanosUntilFlush(now, pending, intervalNanos);
        if (wait == 0) {
            deliver(now, batches);
        } else if (wait != FlushPolicy.NEVER) {
            schedule.fireWithin(now, wait);
        }
    }

    /** Writes every pending metric as one frame, shared through {@code batches} where it can be (may be null). */
    void deliver(long now, RecentBatchFrames batches) {
        int count = pending.size();
        SlicedFrame frame = DeliveryFrameAssembler.assemble(pending, droppedSinceDelivery, batches);
        pending.clear();
        counters.pending(0);
        droppedSinceDelivery = 0;
        schedule.delivered(now);
        outbound.write(frame);
        if (recording != null) {
            recording.delivered(frame, count);
        }
        dirty = true;
        counters.delivered(1, count);
    }

    /** Does what {@code outcome} did to the client in step that recorded it: the same frames, the same new entries. */
    void replay(ChunkOutcomes.Outcome outcome, long now) {
        int frames = outcome.frameCount();
        if (frames > 0) {
            for (int i = 0; i < frames; i++) {
                outbound.write(outcome.frame(i));
            }
            pending.clear();
            schedule.delivered(now);
            dirty = true;
            counters.delivered(frames, outcome.metricsInFrames());
        }
        for (int i = 0, n = outcome.addedCount(); i < n; i++) {
            pending.add(outcome.added(i), now);
        }
        counters.pending(pending.size());
    }

    /** Flushes the socket if deliveries were written since the last call. */
    void flushWrites() {
        if (dirty) {
            dirty = false;
            outbound.flush();
        }
    }

    /** Removes the pending metrics of the types in {@code typeIndexes} (a bit set); nothing left stops the timer. */
    void removeTypes(long[] typeIndexes) {
        pending.removeTypes(typeIndexes);
        counters.pending(pending.size());
        if (pending.isEmpty()) {
            schedule.cancel();
        }
    }

    /** The connection is gone: the timer stops and what was pending goes. */
    void discard() {
        schedule.cancel();
        pending.clear();
        counters.pending(0);
    }
}
