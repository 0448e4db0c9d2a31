package io.metricsstreamer.delivery;

/**
 * The last few {@code metric_batch} frames assembled on a loop and the pending metrics each was made from. Clients
 * with the same view reach their batch size on the same metrics, so they flush identical pending lists: they then
 * share one frame instance (which the transport frames once) instead of assembling one each. A loop delivers a task
 * to one client after another, so one client may flush several batches before the next flushes the first of them:
 * the last {@link #SLOTS} are kept. A task holding more batches per client than that assembles them per client
 * (keeping every batch of a task was measured slower under overload: see docs/benchmarks/LOG.md). Identity of every
 * element is compared, so a hit is exact. Confined to its loop.
 */
final class RecentBatchFrames {
    /** Recent batches kept; a chunk of up to 256 metrics at batch size 32 or more fits. */
    static final int SLOTS = 8;

    private final EncodedMetric[][] metrics = new EncodedMetric[SLOTS][];
    private final int[] counts = new int[SLOTS];
    private final SlicedFrame[] frames = new SlicedFrame[SLOTS];
    private int next;
    private long hits;

    /** The frame already assembled for exactly these pending metrics, or null. */
    SlicedFrame find(PendingQueue pending) {
        int n = pending.size();
        EncodedMetric first = pending.get(0);
        EncodedMetric last = pending.get(n - 1);
        for (int slot = 0; slot < SLOTS; slot++) {
            EncodedMetric[] kept = metrics[slot];
            if (frames[slot] != null && counts[slot] == n && kept[0] == first && kept[n - 1] == last
                    && sameMiddle(kept, pending, n)) {
                hits++;
                return frames[slot];
            }
        }
        return null;
    }

    private static boolean sameMiddle(EncodedMetric[] kept, PendingQueue pending, int n) {
        for (int i = n - 2; i > 0; i--) {
            if (pending.get(i) != kept[i]) {
                return false;
            }
        }
        return true;
    }

    /** Remembers the frame assembled for these pending metrics, forgetting the oldest kept. */
    void remember(PendingQueue pending, SlicedFrame frame) {
        int n = pending.size();
        int slot = next;
        next = (next + 1) % SLOTS;
        EncodedMetric[] kept = metrics[slot];
        if (kept == null || kept.length < n) {
            kept = new EncodedMetric[Math.max(n, 16)];
            metrics[slot] = kept;
        }
        for (int i = 0; i < n; i++) {
            kept[i] = pending.get(i);
        }
        for (int i = n; i < counts[slot]; i++) {
            kept[i] = null;
        }
        counts[slot] = n;
        frames[slot] = frame;
    }

    /** How many batches were shared rather than assembled (for tests and benchmarks). */
    long hits() {
        return hits;
    }
}
