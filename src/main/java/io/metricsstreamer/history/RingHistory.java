package io.metricsstreamer.history;

import io.metricsstreamer.delivery.MetricHistory;
import io.metricsstreamer.delivery.PublishedMetric;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.LongSupplier;
import java.util.function.LongToIntFunction;
import java.util.function.Supplier;

/**
 * The server's history: the metrics the dispatcher published, in seq order, in a ring of positions that grows up to
 * the size bound and evicts its oldest by {@link HistoryLimits}. The metrics are held as published (their frame
 * encoded once), so a replay sends the same bytes a live client got.
 *
 * <p>One writer, the dispatcher: {@link #append} and {@link #trim}. Readers on any thread use positions: a slot is
 * written with a release store after the eviction that freed it was published (the first position moved past it),
 * and a reader that loads a slot then checks, with an acquire load after it, that the first position has not moved
 * past the position it read. So a reader either gets the metric that was at that position or learns it is gone,
 * never another one. The ring is replaced only when it grows; a reader holding the old one still finds every
 * position it held, and checks them the same way.
 */
public final class RingHistory implements MetricHistory {
    /**
     * What a kept metric costs in heap besides its frame bytes: its {@code PublishedMetric}, {@code EncodedMetric} and
     * shared single frame, the frame array's header and padding, and its two ring slots; so that
     * {@code --history-bytes} bounds the heap the history holds (measured: docs/benchmarks/LOG.md, item 40).
     */
    public static final int METRIC_OVERHEAD_BYTES = 180;
    /** Slots the ring starts with; it doubles up to the size bound. */
    static final int INITIAL_SLOTS = 1024;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(PublishedMetric[].class);
    private static final VarHandle TIME = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle FIRST;
    private static final VarHandle END;
    private static final VarHandle LAST_SEQ;
    private static final VarHandle BYTES;
    private static final VarHandle EVICTED_SEQ;
    private static final VarHandle EVICTED_AT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            FIRST = l.findVarHandle(RingHistory.class, "first", long.class);
            END = l.findVarHandle(RingHistory.class, "end", long.class);
            LAST_SEQ = l.findVarHandle(RingHistory.class, "lastSeq", long.class);
            BYTES = l.findVarHandle(RingHistory.class, "bytes", long.class);
            EVICTED_SEQ = l.findVarHandle(RingHistory.class, "evictedSeq", long.class);
            EVICTED_AT = l.findVarHandle(RingHistory.class, "evictedAt", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The slots: a metric and the time it was appended, at {@code position & mask}. */
    private static final class Ring {
        final PublishedMetric[] metrics;
        final long[] times;
        final int mask;

        Ring(int slots) {
            metrics = new PublishedMetric[slots];
            times = new long[slots];
            mask = slots - 1;
        }
    }

    private final Supplier<String> epoch;
    private final HistoryLimits limits;
    private final LongSupplier clock;
    private final int maxSlots;
    private volatile Ring ring;
    // Through the VarHandles above: written by the dispatcher with release stores, read with acquire loads.
    @SuppressWarnings("unused")
    private long first;
    @SuppressWarnings("unused")
    private long end;
    @SuppressWarnings("unused")
    private long lastSeq;
    @SuppressWarnings("unused")
    private long bytes;
    @SuppressWarnings("unused")
    private long evictedSeq;
    /** When the newest evicted metric was appended; meaningful once {@link #evictedSeq} is not 0. */
    @SuppressWarnings("unused")
    private long evictedAt;
    /** The dispatcher's: the time of the newest append (times never go back). */
    private long lastAppendedAt = Long.MIN_VALUE;

    /**
     * An empty history of the seq stream {@code epoch}.
     *
     * @param clock the clock of the append times ({@code System::nanoTime} in production)
     */
    public RingHistory(String epoch, HistoryLimits limits, LongSupplier clock) {
        this(() -> epoch, limits, clock);
    }

    /**
     * An empty history of a seq stream whose name is known later (a node learns its cluster's epoch when it reaches
     * the cluster): {@code epoch} is read at every {@link #epoch()}, and must be known before the first append.
     */
    public RingHistory(Supplier<String> epoch, HistoryLimits limits, LongSupplier clock) {
        this.epoch = epoch;
        this.limits = limits;
        this.clock = clock;
        this.maxSlots = limits.maxMetrics() == 0 ? 1 : Integer.highestOneBit(Math.max(1, limits.maxMetrics() - 1)) << 1;
        this.ring = new Ring(Math.min(INITIAL_SLOTS, maxSlots));
    }

    /** What {@code m} counts for against the byte bound. */
    public static long costOf(PublishedMetric m) {
        return m.encoded().frame().length + (long) METRIC_OVERHEAD_BYTES;
    }

    /**
     * Appends a metric published at {@code nowNanos} (on the history's clock), evicting what the bounds require
     * first. Dispatcher thread only; seqs must increase.
     */
    public void append(PublishedMetric m, long nowNanos) {
        long now = Math.max(nowNanos, lastAppendedAt);
        lastAppendedAt = now;
        if (limits.maxMetrics() == 0) {
            EVICTED_SEQ.setRelease(this, m.seq());
            EVICTED_AT.setRelease(this, now);
            LAST_SEQ.setRelease(this, m.seq());
            return;
        }
        long cost = costOf(m);
        trim(now);
        long size = (long) END.get(this) - (long) FIRST.get(this);
        while (size > 0 && (size >= limits.maxMetrics() || (long) BYTES.get(this) + cost > limits.maxBytes())) {
            evictOldest();
            size--;
        }
        Ring r = ring;
        long position = (long) END.get(this);
        if (size == r.metrics.length) {
            r = grow(r, position);
        }
        int slot = (int) position & r.mask;
        TIME.setOpaque(r.times, slot, now);
        SLOT.setRelease(r.metrics, slot, m);
        BYTES.setRelease(this, (long) BYTES.get(this) + cost);
        END.setRelease(this, position + 1);
        LAST_SEQ.setRelease(this, m.seq());
    }

    /** Evicts the metrics older than the age bound at {@code nowNanos}. Dispatcher thread only. */
    public void trim(long nowNanos) {
        long oldest = nowNanos - limits.maxAgeNanos();
        Ring r = ring;
        while ((long) FIRST.get(this) < (long) END.get(this)
                && r.times[(int) (long) FIRST.get(this) & r.mask] < oldest) {
            evictOldest();
        }
    }

    private void evictOldest() {
        Ring r = ring;
        long position = (long) FIRST.get(this);
        int slot = (int) position & r.mask;
        PublishedMetric old = r.metrics[slot];
        // What was evicted is published before the first position moves: a reader that sees the new first
        // position also sees that a metric went (see lastEvictedSeq).
        EVICTED_SEQ.setRelease(this, old.seq());
        EVICTED_AT.setRelease(this, r.times[slot]);
        FIRST.setRelease(this, position + 1);
        SLOT.setRelease(r.metrics, slot, null);
        BYTES.setRelease(this, (long) BYTES.get(this) - costOf(old));
    }

    private Ring grow(Ring r, long end) {
        if (r.metrics.length >= maxSlots) {
            throw new IllegalStateException("the ring is full below the size bound");
        }
        Ring bigger = new Ring(r.metrics.length * 2);
        for (long p = (long) FIRST.get(this); p < end; p++) {
            bigger.metrics[(int) p & bigger.mask] = r.metrics[(int) p & r.mask];
            bigger.times[(int) p & bigger.mask] = r.times[(int) p & r.mask];
        }
        ring = bigger;
        return bigger;
    }

    @Override
    public boolean enabled() {
        return limits.maxMetrics() > 0;
    }

    @Override
    public String epoch() {
        return epoch.get();
    }

    /**
     * Records that every seq up to {@code seq} that is not retained is missing, as if evicted at {@code nowNanos}: a
     * node that joined a cluster after those seqs, or could not read them before the cluster dropped them. A replay
     * from before {@code seq} then says it is not whole. Dispatcher thread only (or before it starts); {@code seq}
     * must be below every seq appended after.
     */
    public void markMissingThrough(long seq, long nowNanos) {
        if (seq > (long) EVICTED_SEQ.get(this)) {
            EVICTED_SEQ.setRelease(this, seq);
            EVICTED_AT.setRelease(this, nowNanos);
        }
    }

    @Override
    public long lastSeq() {
        return (long) LAST_SEQ.getAcquire(this);
    }

    @Override
    public long firstPosition() {
        return (long) FIRST.getAcquire(this);
    }

    @Override
    public long endPosition() {
        return (long) END.getAcquire(this);
    }

    @Override
    public PublishedMetric at(long position) {
        if (position >= (long) END.getAcquire(this)) {
            return null;
        }
        Ring r = ring;
        PublishedMetric m = (PublishedMetric) SLOT.getAcquire(r.metrics, (int) position & r.mask);
        if (m == null || position < (long) FIRST.getAcquire(this)) {
            return null;
        }
        return m;
    }

    /** When the metric at {@code position} was appended, or {@link Long#MIN_VALUE} when it is gone. */
    private long timeAt(long position) {
        if (position >= (long) END.getAcquire(this)) {
            return Long.MIN_VALUE;
        }
        Ring r = ring;
        long t = (long) TIME.getOpaque(r.times, (int) position & r.mask);
        VarHandle.acquireFence();
        return position < (long) FIRST.getAcquire(this) ? Long.MIN_VALUE : t;
    }

    @Override
    public long positionAfterSeq(long seq) {
        return firstPositionWhere(p -> {
            PublishedMetric m = at(p);
            return m == null ? GONE : m.seq() > seq ? 1 : 0;
        });
    }

    @Override
    public long positionSince(long nanosAgo) {
        long since = clock.getAsLong() - nanosAgo;
        return firstPositionWhere(p -> {
            long t = timeAt(p);
            return t == Long.MIN_VALUE ? GONE : t >= since ? 1 : 0;
        });
    }

    /** What {@link #firstPositionWhere} asks of a position: 1 it holds, 0 it does not, {@link #GONE} evicted. */
    private static final int GONE = -1;

    /**
     * The first retained position at which {@code test} holds (it holds from some position on, as seqs and times
     * only grow), or {@link #endPosition()} when it holds nowhere. A binary search over the retained positions, begun
     * again should one of them be evicted while it reads.
     */
    private long firstPositionWhere(LongToIntFunction test) {
        while (true) {
            long lo = firstPosition();
            long hi = endPosition();
            boolean intact = true;
            while (lo < hi) {
                long mid = (lo + hi) >>> 1;
                int holds = test.applyAsInt(mid);
                if (holds == GONE) {
                    intact = false;
                    break;
                }
                if (holds == 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            if (intact) {
                return lo;
            }
        }
    }

    @Override
    public long lastEvictedSeq() {
        return (long) EVICTED_SEQ.getAcquire(this);
    }

    @Override
    public boolean evictedWithin(long nanosAgo) {
        long evicted = (long) EVICTED_SEQ.getAcquire(this);
        return evicted != 0 && (long) EVICTED_AT.getAcquire(this) >= clock.getAsLong() - nanosAgo;
    }

    /** How many metrics are retained. Any thread. */
    public long size() {
        long first = firstPosition();
        return Math.max(0, endPosition() - first);
    }

    /** What the retained metrics cost against the byte bound ({@link #costOf}). Any thread. */
    public long bytes() {
        return (long) BYTES.getAcquire(this);
    }

    @Override
    public long earliestSeq() {
        while (true) {
            long p = firstPosition();
            if (p >= endPosition()) {
                return 0;
            }
            PublishedMetric m = at(p);
            if (m != null) {
                return m.seq();
            }
        }
    }

    /** The bounds. */
    public HistoryLimits limits() {
        return limits;
    }
}
