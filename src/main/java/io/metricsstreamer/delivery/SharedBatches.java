package io.metricsstreamer.delivery;

/**
 * The last {@code metric_batch} frame assembled on a loop and the pending metrics it was made from. Clients with the
 * same view reach their batch size on the same metric, so consecutive clients usually flush identical pending lists:
 * they then share one frame instance (which the transport frames once) instead of assembling one each. Identity of
 * every element is compared, so a hit is exact. Confined to its loop.
 */
final class SharedBatches {
    private EncodedMetric[] last = new EncodedMetric[16];
    private int lastCount;
    private OutboundFrame lastFrame;
    private long hits;

    /** The frame already assembled for exactly these pending metrics, or null. */
    OutboundFrame find(PendingQueue pending) {
        int n = pending.size();
        if (lastFrame == null || n != lastCount) {
            return null;
        }
        for (int i = n - 1; i >= 0; i--) {
            if (pending.get(i) != last[i]) {
                return null;
            }
        }
        hits++;
        return lastFrame;
    }

    /** Remembers the frame assembled for these pending metrics. */
    void remember(PendingQueue pending, OutboundFrame frame) {
        int n = pending.size();
        if (last.length < n) {
            last = new EncodedMetric[Math.max(n, last.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            last[i] = pending.get(i);
        }
        for (int i = n; i < lastCount; i++) {
            last[i] = null;
        }
        lastCount = n;
        lastFrame = frame;
    }

    /** How many batches were shared rather than assembled (for tests and benchmarks). */
    long hits() {
        return hits;
    }
}
