package io.metricsstreamer.delivery;

/**
 * A client's bounded list of metrics waiting for delivery, oldest first. Past its capacity the oldest entry is
 * dropped (the caller counts it). The ring grows on demand (in powers of two, so indexes are masks, not divisions)
 * up to the capacity, so idle clients cost a few bytes.
 * Confined to the owning event loop.
 */
public final class PendingQueue {
    private static final int INITIAL_SLOTS = 8;
    /** Shared by every empty queue: an idle client holds no arrays of its own. */
    private static final EncodedMetric[] NO_METRICS = new EncodedMetric[0];
    private static final long[] NO_TIMES = new long[0];

    private final int capacity;
    private EncodedMetric[] metrics = NO_METRICS;
    private long[] enqueuedAt = NO_TIMES;
    private int head;
    private int size;
    private long bytes;

    /** A queue holding at most {@code capacity} metrics. */
    public PendingQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Appends a metric enqueued at {@code nowNanos}.
     *
     * @return true when the oldest metric was dropped to make room
     */
    public boolean add(EncodedMetric metric, long nowNanos) {
        boolean dropped = false;
        if (size == capacity) {
            removeFirst();
            dropped = true;
        } else if (size == metrics.length) {
            grow();
        }
        int tail = (head + size) & (metrics.length - 1);
        metrics[tail] = metric;
        enqueuedAt[tail] = nowNanos;
        size++;
        bytes += metric.envelopeLength();
        return dropped;
    }

    /** Number of waiting metrics. */
    public int size() {
        return size;
    }

    /** The encoded size of the waiting metrics' envelopes. */
    public long bytes() {
        return bytes;
    }

    /**
     * Drops the oldest waiting metrics (the caller counts them) until their envelopes take at most {@code maxBytes},
     * always keeping the newest one.
     *
     * @return how many were dropped
     */
    public int dropOldestOver(long maxBytes) {
        int dropped = 0;
        while (size > 1 && bytes > maxBytes) {
            removeFirst();
            dropped++;
        }
        return dropped;
    }

    /** Whether nothing waits. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** When the oldest waiting metric was enqueued; only meaningful when not empty. */
    public long oldestEnqueuedAt() {
        return enqueuedAt[head];
    }

    /** The {@code i}-th waiting metric, oldest first. */
    public EncodedMetric get(int i) {
        return metrics[(head + i) & (metrics.length - 1)];
    }

    /**
     * Replaces the {@code i}-th waiting metric (oldest first) by {@code newer}, appended as the newest (latest mode:
     * the list stays in seq order). The list stays as old as it was: when the oldest goes, the new oldest takes its
     * enqueue time, so a list whose entries keep being replaced is still flushed by the batch timeout counted from when
     * it became non-empty.
     */
    public void replaceWithNewest(int i, EncodedMetric newer, long nowNanos) {
        long removedAt = enqueuedAt[(head + i) & (metrics.length - 1)];
        removeAt(i);
        add(newer, nowNanos);
        if (i == 0) {
            enqueuedAt[head] = Math.min(enqueuedAt[head], removedAt);
        }
    }

    /** Removes the {@code i}-th waiting metric (oldest first), keeping the order of the others. */
    private void removeAt(int i) {
        int mask = metrics.length - 1;
        int at = (head + i) & mask;
        bytes -= metrics[at].envelopeLength();
        for (int j = i; j < size - 1; j++) {
            int to = (head + j) & mask;
            int from = (head + j + 1) & mask;
            metrics[to] = metrics[from];
            enqueuedAt[to] = enqueuedAt[from];
        }
        metrics[(head + size - 1) & mask] = null;
        size--;
    }

    /** Removes every waiting metric (clearing only the used slots: this runs on every delivery). */
    public void clear() {
        for (int i = 0; i < size; i++) {
            metrics[(head + i) & (metrics.length - 1)] = null;
        }
        head = 0;
        size = 0;
        bytes = 0;
    }

    /**
     * Removes the metrics whose type index is in {@code typeIndexes} (a bit set), keeping order.
     *
     * @return how many were removed
     */
    public int removeTypes(long[] typeIndexes) {
        int kept = 0;
        long keptBytes = 0;
        EncodedMetric[] keep = new EncodedMetric[metrics.length];
        long[] keepAt = new long[metrics.length];
        for (int i = 0; i < size; i++) {
            int at = (head + i) & (metrics.length - 1);
            int t = metrics[at].typeIndex();
            if ((typeIndexes[t >>> 6] & (1L << t)) == 0) {
                keep[kept] = metrics[at];
                keepAt[kept++] = enqueuedAt[at];
                keptBytes += metrics[at].envelopeLength();
            }
        }
        int removed = size - kept;
        metrics = keep;
        enqueuedAt = keepAt;
        head = 0;
        size = kept;
        bytes = keptBytes;
        return removed;
    }

    private void removeFirst() {
        bytes -= metrics[head].envelopeLength();
        metrics[head] = null;
        head = (head + 1) & (metrics.length - 1);
        size--;
    }

    private void grow() {
        int slots = Math.max(INITIAL_SLOTS, metrics.length * 2);
        EncodedMetric[] m = new EncodedMetric[slots];
        long[] at = new long[slots];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (metrics.length - 1);
            m[i] = metrics[from];
            at[i] = enqueuedAt[from];
        }
        metrics = m;
        enqueuedAt = at;
        head = 0;
    }
}
