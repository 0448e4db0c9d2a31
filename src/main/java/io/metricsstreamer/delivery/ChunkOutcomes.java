package io.metricsstreamer.delivery;

import io.metricsstreamer.subscription.Filters;
import io.metricsstreamer.subscription.Subscription;
import java.util.Arrays;

/**
 * What one delivery chunk did to the clients of a loop, kept for the chunk so that clients in step share it. A
 * client that is in step (writable, no update interval, nothing dropped since its last delivery, no pending metric
 * due by the batch timeout unless a flush timer is set) is a pure function of its subscription, its filters and its
 * pending list: two such clients that agree on all three write the same frames and end with the same pending list.
 * The first of them offers the chunk metric by metric and its outcome is recorded; the others
 * {@link ClientSession#offerAll replay} it: the same frame instances (framed once per loop by the transport) and the
 * same new pending entries, with no work per metric. Pending lists are compared element by element (identity), so a
 * match is exact. Confined to its loop; {@link #clear() cleared} with each chunk ({@link LoopDeliveryState#enter}).
 */
final class ChunkOutcomes {
    /** Distinct outcomes kept per chunk; further clients of yet other states offer metric by metric. */
    static final int MAX_OUTCOMES = 32;
    /** Longest pending list a shared outcome starts from (a client in step holds less than a batch). */
    static final int MAX_START = 64;

    private final Outcome[] outcomes = new Outcome[MAX_OUTCOMES];
    private int count;
    private long replays;

    /** One recorded outcome: the state it starts from, the frames written and the pending entries added. */
    static final class Outcome {
        private Subscription subscription;
        private Filters filters;
        private EncodedMetric[] start = new EncodedMetric[8];
        private int startCount;
        private SlicedFrame[] frames = new SlicedFrame[8];
        private int frameCount;
        private int metricsInFrames;
        private EncodedMetric[] added = new EncodedMetric[8];
        private int addedCount;
        private boolean complete;
        private boolean spoiled;

        /** A frame of {@code metrics} metrics was written, in this order. */
        void delivered(SlicedFrame frame, int metrics) {
            if (frameCount == frames.length) {
                frames = Arrays.copyOf(frames, frameCount * 2);
            }
            frames[frameCount++] = frame;
            metricsInFrames += metrics;
        }

        /** Something happened that replaying would not repeat (a drop): nobody shares this outcome. */
        void spoil() {
            spoiled = true;
        }

        /**
         * The recording client offered the whole chunk and is still in step: its pending list now holds the start
         * entries (none if a frame was written: a frame takes the whole list) followed by the entries this chunk
         * added, which are kept.
         */
        void finish(PendingQueue pending, boolean stillInStep) {
            if (spoiled || !stillInStep) {
                spoiled = true;
                return;
            }
            int from = frameCount > 0 ? 0 : startCount;
            addedCount = pending.size() - from;
            if (added.length < addedCount) {
                added = new EncodedMetric[Math.max(addedCount, added.length * 2)];
            }
            for (int i = 0; i < addedCount; i++) {
                added[i] = pending.get(from + i);
            }
            complete = true;
        }

        int frameCount() {
            return frameCount;
        }

        SlicedFrame frame(int i) {
            return frames[i];
        }

        int metricsInFrames() {
            return metricsInFrames;
        }

        int addedCount() {
            return addedCount;
        }

        EncodedMetric added(int i) {
            return added[i];
        }

        private boolean startsFrom(Subscription s, Filters f, PendingQueue pending) {
            if (!complete || startCount != pending.size()
                    || (subscription != s && !subscription.equals(s)) || (filters != f && !filters.equals(f))) {
                return false;
            }
            for (int i = startCount - 1; i >= 0; i--) {
                if (start[i] != pending.get(i)) {
                    return false;
                }
            }
            return true;
        }

        private void begin(Subscription s, Filters f, PendingQueue pending) {
            subscription = s;
            filters = f;
            startCount = pending.size();
            if (start.length < startCount) {
                start = new EncodedMetric[Math.max(startCount, start.length * 2)];
            }
            for (int i = 0; i < startCount; i++) {
                start[i] = pending.get(i);
            }
        }

        /** Forgets the chunk's metrics and frames (they may go), keeping the arrays. */
        private void reset() {
            subscription = null;
            filters = null;
            Arrays.fill(start, 0, startCount, null);
            Arrays.fill(frames, 0, frameCount, null);
            Arrays.fill(added, 0, addedCount, null);
            startCount = 0;
            frameCount = 0;
            metricsInFrames = 0;
            addedCount = 0;
            complete = false;
            spoiled = false;
        }
    }

    /** The complete outcome recorded from exactly this state for the current chunk, or null. */
    Outcome find(Subscription subscription, Filters filters, PendingQueue pending) {
        for (int i = 0; i < count; i++) {
            if (outcomes[i].startsFrom(subscription, filters, pending)) {
                replays++;
                return outcomes[i];
            }
        }
        return null;
    }

    /** Starts recording the outcome of a client in this state for the current chunk, or null when no more are kept. */
    Outcome begin(Subscription subscription, Filters filters, PendingQueue pending) {
        if (count == MAX_OUTCOMES) {
            return null;
        }
        Outcome o = outcomes[count];
        if (o == null) {
            o = new Outcome();
            outcomes[count] = o;
        }
        count++;
        o.begin(subscription, filters, pending);
        return o;
    }

    /** Forgets every outcome (a chunk begins or ended). */
    void clear() {
        for (int i = 0; i < count; i++) {
            outcomes[i].reset();
        }
        count = 0;
    }

    /** How many clients replayed an outcome rather than offering metric by metric (for tests and benchmarks). */
    long replays() {
        return replays;
    }
}
