package io.metricsstreamer.delivery;

import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.protocol.ClientMessage;
import io.metricsstreamer.protocol.ProtocolException;
import io.metricsstreamer.protocol.ServerMessages;
import io.metricsstreamer.stats.ClientSnapshot;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.subscription.Filters;
import io.metricsstreamer.subscription.Subscription;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected client: its subscription, filters, update interval, pending list, flush timer and slow-consumer
 * state. Confined to its event loop ({@link LoopScheduler}): every method but {@link #snapshot} must be called
 * there. Statistics fields are single-writer, published with release stores (a plain store on x86, where a volatile
 * store would fence on every delivery) and read with acquire loads, so {@link #snapshot} may run on any thread.
 */
public final class ClientSession {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    private static final VarHandle MESSAGES_SENT = handle("messagesSent", long.class);
    private static final VarHandle METRICS_DELIVERED = handle("metricsDelivered", long.class);
    private static final VarHandle METRICS_DROPPED = handle("metricsDropped", long.class);
    private static final VarHandle PENDING_COUNT = handle("pendingCount", int.class);

    private final String id;
    private final Outbound outbound;
    private final LoopScheduler loop;
    private final DeliveryConfig config;
    private final MetricTypes types;
    private final ServerStats stats;
    private final PendingQueue pending;
    private final long connectedAt;

    private volatile Subscription subscription;
    private volatile Filters filters = Filters.NONE;
    private volatile long intervalNanos;
    private long messagesSent;
    private long metricsDelivered;
    private long metricsDropped;
    private int pendingCount;

    private long droppedSinceDelivery;
    /**
     * Counts not yet added to the server-wide {@link ServerStats}: added once per loop task ({@link #flushWrites()})
     * rather than per metric, since the server-wide adders are shared by every loop.
     */
    private long unreportedDrops;
    private long unreportedMessages;
    private long unreportedDelivered;
    private boolean delivered;
    private long lastDeliveryAt;
    private boolean dirty;
    private boolean closed;
    /**
     * The socket is over the slow-client mark: set the moment the transport sees it go over ({@link #onUnwritable}),
     * settled by the deferred notice ({@link #onWritabilityChanged}). Deliveries wait for it to drain, so offers skip
     * planning a flush, which would only find the socket still full, once per metric.
     */
    private boolean parked;
    private LoopScheduler.Cancellable flushTimer;
    private long flushTimerAt;
    private LoopScheduler.Cancellable slowTimer;
    private FilteredViews loopCaches;
    /** The outcome of the chunk being offered that this session records for others in step, or null. */
    private ChunkOutcomes.Outcome recording;
    /** Whether the client takes every metric as it is: every type subscribed, no filters. */
    private boolean takesEverything = true;
    /** The chunks this parked client skipped, while it skips them ({@link #offerAll}); null otherwise. */
    private SkippedChunks skipping;

    /** A session for a client that just completed its handshake. */
    public ClientSession(String id, Outbound outbound, LoopScheduler loop, DeliveryConfig config, MetricTypes types,
                         ServerStats stats) {
        this.id = id;
        this.outbound = outbound;
        this.loop = loop;
        this.config = config;
        this.types = types;
        this.stats = stats;
        this.pending = new PendingQueue(config.maxPending());
        this.subscription = Subscription.initial(types);
        this.connectedAt = loop.nanoTime();
    }

    private static VarHandle handle(String field, Class<?> type) {
        try {
            return MethodHandles.lookup().findVarHandle(ClientSession.class, field, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Now, on the clock of the session's loop (the same for every session of that loop). */
    public long loopNanoTime() {
        return loop.nanoTime();
    }

    /** The client's id. Any thread. */
    public String id() {
        return id;
    }

    /** Sends the welcome message. */
    public void open(Instant now) {
        sendControl(ServerMessages.welcome(id, now));
    }

    /** Applies a validated client message and answers it; a delivery it releases is flushed at once. */
    public void onMessage(ClientMessage message) {
        if (closed) {
            return;
        }
        catchUpIfSkipping();
        if (message instanceof ClientMessage.Subscribe s) {
            subscription = subscription.subscribe(s.all(), s.types());
            dropUnsubscribedPending();
            sendControl(ServerMessages.subscriptionConfirmed(subscription.wireNames(types)));
        } else if (message instanceof ClientMessage.Unsubscribe u) {
            subscription = subscription.unsubscribe(u.all(), u.types());
            dropUnsubscribedPending();
            sendControl(ServerMessages.subscriptionConfirmed(subscription.wireNames(types)));
        } else if (message instanceof ClientMessage.SetFilters f) {
            filters = Filters.of(f.agentIds(), f.fields());
            sendControl(ServerMessages.filtersUpdated(filters.toWire()));
        } else if (message instanceof ClientMessage.SetUpdateInterval i) {
            intervalNanos = Math.round(i.intervalSeconds() * 1e9);
            sendControl(ServerMessages.updateIntervalSet(i.intervalSeconds()));
            planFlush();
        } else if (message instanceof ClientMessage.Ping p) {
            sendControl(ServerMessages.pong(p.id()));
        }
        takesEverything = subscription.includesAll() && filters.isNone();
        flushWrites();
    }

    /** Answers a refused client message with an {@code error}; nothing else changes. */
    public void onRefused(ProtocolException e) {
        if (!closed) {
            stats.onProtocolError();
            sendControl(ServerMessages.error(e.code(), e.getMessage()));
        }
    }

    /**
     * Offers a published metric: if the client's subscription and filters let it through, it joins the pending
     * list, and a due flush is written (not flushed: the caller calls {@link #flushWrites()} after its batch).
     */
    public void offer(PublishedMetric metric, FilteredViews views) {
        offer(metric, views, loop.nanoTime());
    }

    /** {@link #offer(PublishedMetric, FilteredViews)} at {@code nowNanos}, the loop's clock read once per chunk. */
    public void offer(PublishedMetric metric, FilteredViews views, long nowNanos) {
        catchUpIfSkipping();
        if (closed || !subscription.includes(metric.type())) {
            return;
        }
        loopCaches = views;
        EncodedMetric view = views.view(metric, filters);
        if (view == null) {
            return;
        }
        if (pending.add(view, nowNanos)) {
            countDropped(1);
        }
        if (pending.bytes() > config.parkedPendingBytes() && !outbound.isWritable()) {
            keepPendingUnderParkedBound();
        }
        PENDING_COUNT.setRelease(this, pending.size());
        if (!parked && (pending.size() >= config.batchSize() || flushTimer == null)) {
            planFlush(nowNanos);
        }
    }

    /**
     * Offers every metric of a delivery chunk, in order (the caller calls {@link #flushWrites()} after). A client in
     * step with one that already took this chunk from the same state replays that client's outcome instead, with no
     * work per metric ({@link ChunkOutcomes}); the first client of each state records its outcome for the others.
     * {@code views} belongs to the loop and the same {@code metrics} instance is offered to each of its sessions.
     */
    public void offerAll(List<PublishedMetric> metrics, FilteredViews views, long nowNanos) {
        long chunk = views.enter(metrics, nowNanos);
        loopCaches = views;
        if (parked && takesEverything && !closed) {
            skip(chunk, metrics.size(), views.log());
            return;
        }
        catchUpIfSkipping();
        ChunkOutcomes.Outcome record = null;
        if (inStep(nowNanos)) {
            ChunkOutcomes outcomes = views.outcomes();
            ChunkOutcomes.Outcome shared = outcomes.find(subscription, filters, pending);
            if (shared != null) {
                replay(shared, nowNanos);
                return;
            }
            record = outcomes.begin(subscription, filters, pending);
        }
        recording = record;
        try {
            for (int i = 0, n = metrics.size(); i < n; i++) {
                offer(metrics.get(i), views, nowNanos);
            }
        } finally {
            recording = null;
        }
        if (record != null) {
            record.finish(pending, inStep(nowNanos));
        }
    }

    /**
     * Skips a chunk while parked, at no cost per metric ({@link SkippedChunks}): the loop's log keeps at least what a
     * parked client keeps pending, so {@link #catchUp} can take the newest metrics from there.
     */
    private void skip(long chunk, int metrics, ChunkLog log) {
        if (skipping == null) {
            skipping = new SkippedChunks(chunk, pending.size(), config.parkedPendingBytes(), config.maxPending(), log);
        }
        countDropped(skipping.skip(metrics, log));
        PENDING_COUNT.setRelease(this, skipping.pendingCount());
    }

    private void catchUpIfSkipping() {
        if (skipping != null) {
            catchUp();
        }
    }

    /**
     * Takes the metrics skipped while parked into the pending list as if each had been offered: the newest that fit
     * within what a parked client keeps, the others dropped and counted. Runs before anything that reads or changes
     * the pending list, the subscription or the filters.
     */
    private void catchUp() {
        SkippedChunks skipped = skipping;
        skipping = null;
        countDropped(skipped.catchUp(pending, loopCaches.log()));
        PENDING_COUNT.setRelease(this, pending.size());
    }

    /**
     * Whether what a chunk does to this client depends only on its subscription, filters and pending list: open,
     * writable, no update interval (which would bring in the time of its last delivery), nothing dropped since its
     * last delivery (which its next frame reports), and no pending metric due by the batch timeout without a flush
     * timer set (an offer would then flush it at once; with a timer set, the timer takes it in its own time).
     */
    private boolean inStep(long now) {
        return !closed && !parked && intervalNanos == 0 && droppedSinceDelivery == 0
                && pending.size() <= ChunkOutcomes.MAX_START
                && (pending.isEmpty() || flushTimer != null
                    || now - pending.oldestEnqueuedAt() < config.batchTimeoutNanos())
                && outbound.isWritable();
    }

    /** Does to this client what {@code outcome} did to the one in step that recorded it. */
    private void replay(ChunkOutcomes.Outcome outcome, long now) {
        int frames = outcome.frameCount();
        if (frames > 0) {
            for (int i = 0; i < frames; i++) {
                outbound.write(outcome.frame(i));
            }
            pending.clear();
            delivered = true;
            lastDeliveryAt = now;
            dirty = true;
            int metrics = outcome.metricsInFrames();
            MESSAGES_SENT.setRelease(this, messagesSent + frames);
            METRICS_DELIVERED.setRelease(this, metricsDelivered + metrics);
            unreportedMessages += frames;
            unreportedDelivered += metrics;
        }
        for (int i = 0, n = outcome.addedCount(); i < n; i++) {
            pending.add(outcome.added(i), now);
        }
        PENDING_COUNT.setRelease(this, pending.size());
        if (!pending.isEmpty() && flushTimer == null) {
            planFlush(now);
        }
    }

    /** Flushes the socket if deliveries were written since the last call, and reports the session's counts. */
    public void flushWrites() {
        if (dirty) {
            dirty = false;
            outbound.flush();
        }
        reportStats();
    }

    private void reportStats() {
        if (unreportedDrops != 0) {
            stats.onClientDropped(unreportedDrops);
            unreportedDrops = 0;
        }
        if (unreportedMessages != 0) {
            stats.onMessagesSent(unreportedMessages);
            stats.onMetricsDelivered(unreportedDelivered);
            unreportedMessages = 0;
            unreportedDelivered = 0;
        }
    }

    /** Delivers whatever is pending now, ignoring batch and interval (shutdown), and flushes. */
    public void flushNow() {
        catchUpIfSkipping();
        if (!closed && !pending.isEmpty()) {
            deliver(loop.nanoTime());
        }
        flushWrites();
    }

    /**
     * The socket went over the slow-client mark just now: parks the client at once, so that offers stop planning
     * flushes before {@link #onWritabilityChanged} runs (the transport defers that call, and a delivery task already
     * queued on the loop would otherwise plan a flush per metric). Only sets a flag: safe from inside
     * {@link Outbound#write} or {@link Outbound#flush}.
     */
    public void onUnwritable() {
        parked = true;
    }

    /**
     * The socket crossed the slow-client mark: false holds deliveries back, true resumes them. Must not be called
     * from inside {@link Outbound#write} or {@link Outbound#flush} (the transport defers it).
     */
    public void onWritabilityChanged(boolean writable) {
        if (closed) {
            return;
        }
        parked = !writable;
        if (writable) {
            catchUpIfSkipping();
            cancelSlowTimer();
            planFlush();
            flushWrites();
        } else if (slowTimer == null) {
            slowTimer = loop.schedule(this::checkSlow, config.slowClientNanos());
        }
    }

    /** The connection is gone: stop timers, drop what was pending. Idempotent. */
    public void onClosed() {
        if (closed) {
            return;
        }
        catchUpIfSkipping();
        closed = true;
        cancelFlushTimer();
        cancelSlowTimer();
        pending.clear();
        PENDING_COUNT.setRelease(this, 0);
        reportStats();
    }

    /** Whether {@link #onClosed()} ran. */
    public boolean isClosed() {
        return closed;
    }

    /** An immutable view of this client for statistics. Any thread. */
    public ClientSnapshot snapshot(long nowNanos) {
        Filters f = filters;
        return new ClientSnapshot(id, subscription.wireNames(types), f.toWire(), intervalNanos / 1e9,
                (long) MESSAGES_SENT.getAcquire(this), (long) METRICS_DELIVERED.getAcquire(this),
                (long) METRICS_DROPPED.getAcquire(this), (int) PENDING_COUNT.getAcquire(this),
                (nowNanos - connectedAt) / 1e9);
    }

    private void planFlush() {
        planFlush(loop.nanoTime());
    }

    private void planFlush(long now) {
        if (closed || !isWritable()) {
            return;
        }
        long wait = FlushPolicy.nanosUntilFlush(now, pending.size(), pending.isEmpty() ? 0 : pending.oldestEnqueuedAt(),
                delivered, lastDeliveryAt, intervalNanos, config);
        if (wait == 0) {
            deliver(now);
        } else if (wait != FlushPolicy.NEVER && (flushTimer == null || flushTimerAt > now + wait)) {
            cancelFlushTimer();
            flushTimerAt = now + wait;
            flushTimer = loop.schedule(this::onFlushTimer, wait);
        }
    }

    /**
     * Whether the socket can take more. Writes of one loop task are flushed only at its end, so a burst can cross
     * the mark without the client being slow: flush first, and only a socket that still cannot take it is slow.
     */
    private boolean isWritable() {
        if (outbound.isWritable()) {
            return true;
        }
        flushWrites();
        return outbound.isWritable();
    }

    /**
     * The socket is over the slow-client mark and the pending list has grown past what a parked client keeps
     * ({@link DeliveryConfig#parkedPendingBytes()}): the oldest pending metrics are dropped (counted, reported as
     * {@code dropped}) until it is under that, so what the client holds in the server, and the frame it gets once its
     * socket drains, stay small rather than bounded by max-pending.
     */
    private void keepPendingUnderParkedBound() {
        countDropped(pending.dropOldestOver(config.parkedPendingBytes()));
    }

    private void countDropped(long n) {
        if (n > 0 && recording != null) {
            recording.spoil();
        }
        droppedSinceDelivery += n;
        METRICS_DROPPED.setRelease(this, metricsDropped + n);
        unreportedDrops += n;
    }

    private void onFlushTimer() {
        flushTimer = null;
        planFlush();
        flushWrites();
    }

    private void deliver(long now) {
        int count = pending.size();
        SlicedFrame frame = DeliveryFrameAssembler.assemble(pending, droppedSinceDelivery,
                loopCaches == null ? null : loopCaches.batches());
        pending.clear();
        PENDING_COUNT.setRelease(this, 0);
        droppedSinceDelivery = 0;
        delivered = true;
        lastDeliveryAt = now;
        // The flush timer is left to fire: cancelling and re-arming it on every delivery costs two operations on
        // the loop's timer heap per batch; a timer that finds nothing due, or an earlier batch, just re-plans.
        outbound.write(frame);
        if (recording != null) {
            recording.delivered(frame, count);
        }
        dirty = true;
        MESSAGES_SENT.setRelease(this, messagesSent + 1);
        METRICS_DELIVERED.setRelease(this, metricsDelivered + count);
        unreportedMessages++;
        unreportedDelivered += count;
    }

    private void sendControl(String json) {
        outbound.sendControl(json);
        MESSAGES_SENT.setRelease(this, messagesSent + 1);
        stats.onMessagesSent(1);
    }

    private void dropUnsubscribedPending() {
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
        PENDING_COUNT.setRelease(this, pending.size());
        if (pending.isEmpty()) {
            cancelFlushTimer();
        }
    }

    private void checkSlow() {
        slowTimer = null;
        if (!closed && !outbound.isWritable()) {
            LOG.warn("closing {}: its socket stayed over the slow-client mark for {} s ({} metrics dropped so far)",
                    id, config.slowClientNanos() / 1e9, metricsDropped);
            stats.onSlowClientClosed();
            outbound.close(CloseReason.SLOW_CONSUMER);
            onClosed();
        }
    }

    private void cancelFlushTimer() {
        if (flushTimer != null) {
            flushTimer.cancel();
            flushTimer = null;
        }
    }

    private void cancelSlowTimer() {
        if (slowTimer != null) {
            slowTimer.cancel();
            slowTimer = null;
        }
    }
}
