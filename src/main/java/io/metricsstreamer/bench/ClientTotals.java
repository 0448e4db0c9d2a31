package io.metricsstreamer.bench;

import org.HdrHistogram.Histogram;

/** The clients' counters summed over every event loop at the end of a run (see {@link LoopStats}). */
final class ClientTotals {
    final Histogram latency;
    final Histogram synthetic;
    final FrameCounters counts = new FrameCounters();
    final ReplayCounters replays = new ReplayCounters();
    long received;

    ClientTotals(Histogram latency, Histogram synthetic) {
        this.latency = latency;
        this.synthetic = synthetic;
    }

    /** Adds one loop's counters and the latencies it recorded since the last call. */
    void add(LoopStats s) {
        latency.add(s.takeLatencies());
        synthetic.add(s.takeSynthetic());
        received += s.received();
        counts.add(s.counts);
        replays.add(s.replays);
    }
}
