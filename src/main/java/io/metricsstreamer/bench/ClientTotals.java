package io.metricsstreamer.bench;

import org.HdrHistogram.Histogram;

/** The clients' counters summed over every event loop at the end of a run (see {@link LoopStats}). */
final class ClientTotals {
    final Histogram latency;
    final Histogram synthetic;
    long received;
    long metricsInWindow;
    long framesInWindow;
    long framesTotal;
    long outOfOrder;
    long duplicates;
    long droppedReported;
    long closeFrames;
    long close1008;
    long errorReplies;
    long binaryFrames;

    ClientTotals(Histogram latency, Histogram synthetic) {
        this.latency = latency;
        this.synthetic = synthetic;
    }

    /** Adds one loop's counters and the latencies it recorded since the last call. */
    void add(LoopStats s) {
        latency.add(s.takeLatencies());
        synthetic.add(s.takeSynthetic());
        received += s.received();
        metricsInWindow += s.metricsInWindow;
        framesInWindow += s.framesInWindow;
        framesTotal += s.framesTotal;
        outOfOrder += s.outOfOrder;
        duplicates += s.duplicates;
        droppedReported += s.droppedReported;
        closeFrames += s.closeFrames;
        close1008 += s.close1008;
        errorReplies += s.errorReplies;
        binaryFrames += s.binaryFrames;
    }
}
