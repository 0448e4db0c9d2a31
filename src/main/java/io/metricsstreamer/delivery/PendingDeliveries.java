package io.metricsstreamer.delivery;

import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.subscription.Subscription;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A session's pending list with its flush rules, and what becomes of it: the metrics waiting (a bounded
 * {@link PendingQueue}, oldest dropped), the drops its next delivery reports, when the list goes out
 * ({@link FlushPolicy}'s rules applied to the time of the last delivery and the client's update interval, with a flush
 * timer on the loop for when no offer comes to trigger it), and the delivery frames written to the socket (flushed
 * once per loop task by {@link #flushWrites}). While its session records a chunk's outcome for the clients in step,
 * every frame and drop is told to that outcome. One object per connection, so its state is kept in fields rather than
 * in parts of its own. Confined to the session's loop.
 */
final class PendingDeliveries {
    /** Each client gives at most one delivery latency sample per this many nanoseconds. */
    static final long LATENCY_SAMPLE_NANOS = 1_000_000_000L;
    private final PendingQueue pending;
    private final Outbound outbound;
    private final LoopScheduler loop;
    private final DeliveryConfig config;
    private final SessionCounters counters;
    /** Whose {@link ClientSession#onFlushTimer} the flush timer runs (its task is made when it is set, not kept). */
    private final ClientSession session;
    /** Metrics lost since the last delivery, which the next delivery reports as {@code dropped}. */
    private long droppedSinceDelivery;
    /** Latest mode: a pending metric is replaced by a newer one of its key (SPEC 9), not kept beside it. */
    private boolean latest;
    /** Metrics replaced since the last delivery (latest mode), which the next delivery reports as {@code conflated}. */
    private long conflatedSinceDelivery;
    /** Deliveries were written and not flushed yet. */
    private boolean dirty;
    /** The delivery frames, and metrics in them, written since the last flush. */
    private int unflushedFrames;
    private int unflushedMetrics;
    /** The outcome of the chunk being offered that the session records for others in step, or null. */
    private ChunkOutcomes.Outcome recording;
    /** A replay is being sent: what is pending waits for it, whatever the socket, within the usual bounds. */
    private boolean holding;
    private boolean delivered;
    private long lastDeliveryAt;
    private LoopScheduler.Cancellable timer;
    private long timerAt;
    /** Where a delivery's latency is sampled to, and when this session may next give a sample. */
    private final LongConsumer latency;
    private long nextLatencySampleAt;

    /** Empty; the flush timer runs {@code session}'s {@link ClientSession#onFlushTimer} on {@code loop}. */
    PendingDeliveries(Outbound outbound, LoopScheduler loop, DeliveryConfig config, SessionCounters counters,
                      ClientSession session, LongConsumer latency) {
        this.latency = latency;
        this.pending = new PendingQueue(config.maxPending());
        this.outbound = outbound;
        this.loop = loop;
        this.config = config;
        this.counters = counters;
        this.session = session;
    }

    /** The metrics waiting, oldest first. */
    PendingQueue queue() {
        return pending;
    }

    /** Whether the flush timer is set. */
    boolean timerSet() {
        return timer != null;
    }

    /**
     * Adds a metric's view at {@code now}. Past max-pending, or max-pending-bytes, the oldest are dropped; while the
     * socket is over the slow-client mark, the oldest are dropped down to what a parked client keeps, so that what it
     * holds in the server, and the frame it gets once its socket drains, stay small rather than bounded by
     * max-pending.
     */
    void add(EncodedMetric view, long now) {
        if (!(latest && replacedSameKey(view, now)) && pending.add(view, now)) {
            countDropped(1);
        }
        if (pending.bytes() > config.maxPendingBytes()) {
            // A throttled client (a long update interval) of large metrics: the count alone would let it hold
            // max-pending of them.
            countDropped(pending.dropOldestOver(config.maxPendingBytes()));
        }
        if (!holding && pending.bytes() > config.parkedPendingBytes() && !outbound.isWritable()) {
            countDropped(pending.dropOldestOver(config.parkedPendingBytes()));
        }
        counters.pending(pending.size());
    }

    /** Latest mode from now on ({@code latest}), or every metric; what is pending stays. */
    void latestMode(boolean on) {
        latest = on;
    }

    /** Whether latest mode is on. */
    boolean latestMode() {
        return latest;
    }

    /**
     * Replaces the pending metric of {@code view}'s key by {@code view}, counting it as conflated, so that the list
     * holds per key the newest metric, in seq order; false when none of its key is pending.
     */
    private boolean replacedSameKey(EncodedMetric view, long now) {
        for (int i = pending.size() - 1; i >= 0; i--) {
            if (ConflationKey.same(pending.get(i), view)) {
                pending.replaceWithNewest(i, view, now);
                conflatedSinceDelivery++;
                return true;
            }
        }
        return false;
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
                && (pending.isEmpty() || timer != null
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
        long wait = FlushPolicy.nanosUntilFlush(now, pending.size(), pending.isEmpty() ? 0 : pending.oldestEnqueuedAt(),
                delivered, lastDeliveryAt, intervalNanos, config);
        if (wait == 0) {
            deliver(now, batches);
        } else if (wait != FlushPolicy.NEVER) {
            fireWithin(now, wait);
        }
    }

    /** Sets the flush timer to fire {@code wait} nanoseconds from {@code now}, unless it is set to fire sooner. */
    void fireWithin(long now, long wait) {
        if (timer == null || timerAt > now + wait) {
            cancelTimer();
            timerAt = now + wait;
            timer = loop.schedule(this::fire, wait);
        }
    }

    private void fire() {
        timer = null;
        session.onFlushTimer();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /**
     * A delivery was written at {@code now}. The flush timer is left to fire: cancelling and setting it again on
     * every delivery costs two operations on the loop's timer heap per batch, while a timer that finds nothing due,
     * or an earlier batch, just plans again.
     */
    private void delivered(long now) {
        delivered = true;
        lastDeliveryAt = now;
    }

    /** Writes every pending metric as one frame, shared through {@code batches} where it can be (may be null). */
    void deliver(long now, RecentBatchFrames batches) {
        int count = pending.size();
        if (now >= nextLatencySampleAt) {
            sampleLatency(now);
        }
        SlicedFrame frame = DeliveryFrameAssembler.assemble(pending, droppedSinceDelivery, conflatedSinceDelivery,
                batches);
        pending.clear();
        counters.pending(0);
        droppedSinceDelivery = 0;
        conflatedSinceDelivery = 0;
        delivered(now);
        outbound.write(frame);
        if (recording != null) {
            recording.delivered(frame, count);
        }
        dirty = true;
        unflushedFrames++;
        unflushedMetrics += count;
        counters.delivered(1, count);
    }

    /**
     * Gives the latency of the delivery about to be written: from the acceptance of its oldest metric to now. One
     * sample per client per {@link #LATENCY_SAMPLE_NANOS} at most, so the histogram costs nothing per metric.
     */
    private void sampleLatency(long now) {
        long accepted = pending.get(0).acceptedNanos();
        if (accepted != 0) {
            latency.accept(Math.max(0, now - accepted));
            nextLatencySampleAt = now + LATENCY_SAMPLE_NANOS;
        }
    }

    /** Does what {@code outcome} did to the client in step that recorded it: the same frames, the same new entries. */
    void replay(ChunkOutcomes.Outcome outcome, long now) {
        int frames = outcome.frameCount();
        if (frames > 0) {
            for (int i = 0; i < frames; i++) {
                outbound.write(outcome.frame(i));
            }
            pending.clear();
            delivered(now);
            dirty = true;
            unflushedFrames += frames;
            unflushedMetrics += outcome.metricsInFrames();
            counters.delivered(frames, outcome.metricsInFrames());
        }
        for (int i = 0, n = outcome.addedCount(); i < n; i++) {
            pending.add(outcome.added(i), now);
        }
        counters.pending(pending.size());
    }

    /**
     * Flushes the socket if deliveries were written since the last call. Deliveries the transport could not send
     * (no memory left to frame them) were not delivered: they are counted as dropped, and the next delivery reports
     * them.
     *
     * @return false when some of what was written could not be sent
     */
    boolean flushWrites() {
        if (!dirty) {
            return true;
        }
        dirty = false;
        boolean sent = outbound.flush();
        if (!sent) {
            counters.delivered(-unflushedFrames, -unflushedMetrics);
            countDropped(unflushedMetrics);
        }
        unflushedFrames = 0;
        unflushedMetrics = 0;
        return sent;
    }

    /**
     * A replay begins: what was pending goes without being counted as dropped (the replay covers it, drops before it
     * included), and until {@link #endReplayHold} what joins the pending list (the windows of an aggregation; live
     * metrics come through the replay) waits there, within max-pending and max-pending-bytes but not the parked
     * bound: a replay keeps the socket near the slow-client mark by design.
     */
    void holdForReplay() {
        cancelTimer();
        pending.clear();
        counters.pending(0);
        droppedSinceDelivery = 0;
        conflatedSinceDelivery = 0;
        holding = true;
    }

    /** The replay ended: live metrics are delivered by the usual rules again. */
    void endReplayHold() {
        holding = false;
    }

    /** Writes one replay frame of {@code metrics} metrics, not flushed. */
    void writeReplay(SlicedFrame frame, int metrics) {
        outbound.write(frame);
        dirty = true;
        unflushedFrames++;
        unflushedMetrics += metrics;
        counters.delivered(1, metrics);
    }

    /**
     * Removes the pending metrics of the types {@code subscription} no longer includes (not counted as dropped: the
     * client no longer wants them); nothing left stops the timer.
     */
    void removeUnsubscribed(Subscription subscription, MetricTypes types) {
        if (pending.isEmpty()) {
            return;
        }
        List<MetricType> all = types.all();
        long[] removed = new long[(all.size() + 63) >>> 6];
        for (MetricType t : all) {
            if (!subscription.includes(t)) {
                removed[t.index() >>> 6] |= 1L << t.index();
            }
        }
        pending.removeTypes(removed);
        counters.pending(pending.size());
        if (pending.isEmpty()) {
            cancelTimer();
        }
    }

    /**
     * What is pending can no longer be delivered (it was filtered for agents the client's token no longer allows):
     * it goes, counted as dropped and reported by the next delivery; the timer stops.
     */
    void dropAllPending() {
        countDropped(pending.size());
        pending.clear();
        counters.pending(0);
        cancelTimer();
    }

    /** The connection is gone: the timer stops and what was pending goes. */
    void discard() {
        cancelTimer();
        pending.clear();
        counters.pending(0);
    }
}
