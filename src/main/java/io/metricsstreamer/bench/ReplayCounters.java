package io.metricsstreamer.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * What the clients of one event loop counted of their replays (W7): the time from each client's connect to its
 * {@code replay_complete}, how many replays completed and were whole, the metrics they said they sent against those
 * the clients received before the {@code replay_complete} (live metrics only follow it). Written by that loop's thread;
 * {@link #completed()} may be read from any thread at any time (the runner polls it), the rest only after a task on
 * the loop has completed (see {@link ClientFleet#collect()}). One more instance sums the loops (see
 * {@link ClientTotals}).
 */
final class ReplayCounters {
    private final AtomicLong completed = new AtomicLong();
    /** Connect to {@code replay_complete}, microseconds. */
    final Histogram times = new Histogram(LoopStats.HIGHEST_US, 3);
    long recovered;
    /** The metrics the replays said they sent ({@code count}), summed. */
    long replayed;
    /** The metrics the clients received before their {@code replay_complete}, summed. */
    long receivedBefore;
    /** Replays whose {@code count} differs from what their client received before it, or that could not be read. */
    long mismatched;

    /**
     * A client's replay completed {@code elapsedNanos} after it began to connect; it had received {@code received}
     * metrics by then. Loop thread only.
     */
    void completed(ReplayComplete said, long elapsedNanos, long received) {
        times.recordValue(Math.max(0, Math.min(LoopStats.HIGHEST_US, elapsedNanos / 1000)));
        if (said.recovered()) {
            recovered++;
        }
        if (said.count() >= 0) {
            replayed += said.count();
        }
        receivedBefore += received;
        if (said.count() != received) {
            mismatched++;
        }
        completed.lazySet(completed.get() + 1);
    }

    /** Replays completed so far (loop thread writes; any thread reads). */
    long completed() {
        return completed.get();
    }

    /** Adds another loop's counters to these (the totals of a run). */
    void add(ReplayCounters o) {
        times.add(o.times);
        recovered += o.recovered;
        replayed += o.replayed;
        receivedBefore += o.receivedBefore;
        mismatched += o.mismatched;
        completed.addAndGet(o.completed());
    }
}
