package io.metricsstreamer.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Inflater;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The counters of the clients of one event loop. Written only by that loop's thread; {@link #received()} may be
 * read from any thread at any time (the drain polls it); the other counters only after a task on the loop has
 * completed (see {@link ClientFleet#collect()}), which orders the loop's writes before the read.
 */
final class LoopStats {
    /** Largest latency tracked, microseconds (one hour); larger values are recorded as this. */
    static final long HIGHEST_US = 3_600_000_000L;

    final MeasureWindow window;
    private final AtomicLong received = new AtomicLong();
    private final SingleWriterRecorder latency = new SingleWriterRecorder(1, HIGHEST_US, 3);
    private final SingleWriterRecorder synthetic = new SingleWriterRecorder(1, HIGHEST_US, 3);
    private byte[] scratch = new byte[64 * 1024];
    final FrameCounters counts = new FrameCounters();
    final ReplayCounters replays = new ReplayCounters();
    /** Inflates the loop's clients' compressed messages, each alone (the server compresses without context). */
    private Inflater inflater;
    private RecentInflations recentInflations;
    private byte[] inflatedBytes = new byte[64 * 1024];

    LoopStats(MeasureWindow window) {
        this.window = window;
    }

    /** Metrics received over the whole run (loop thread writes; any thread reads). */
    long received() {
        return received.get();
    }

    /** Adds {@code n} metrics received; loop thread only. */
    void addReceived(long n) {
        received.lazySet(received.get() + n);
    }

    /** Records one latency, microseconds; loop thread only. */
    void recordLatency(long us) {
        latency.recordValue(us < 0 ? 0 : Math.min(us, HIGHEST_US));
    }

    /**
     * Records the synthetic samples for {@code skipped} offers before a metric of latency {@code us}: {@code us + k *
     * intervalUs} for {@code k = 1..skipped}; loop thread only.
     */
    void recordSkipped(long us, long skipped, long intervalUs) {
        long base = Math.max(0, us);
        for (long k = 1; k <= skipped; k++) {
            synthetic.recordValue(Math.min(base + k * intervalUs, HIGHEST_US));
        }
    }

    /** The latencies recorded since the previous call (any thread). */
    Histogram takeLatencies() {
        return latency.getIntervalHistogram();
    }

    /** The synthetic samples recorded since the previous call (any thread). */
    Histogram takeSynthetic() {
        return synthetic.getIntervalHistogram();
    }

    /** What the loop's clients inflated last; loop thread only. */
    RecentInflations recentInflations() {
        if (recentInflations == null) {
            recentInflations = new RecentInflations();
        }
        return recentInflations;
    }

    /** The loop's raw inflater, made on first use; loop thread only. */
    Inflater inflater() {
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        return inflater;
    }

    /**
     * A reusable array of at least {@code n} bytes for inflated messages, keeping what the current one holds; loop
     * thread only.
     */
    byte[] inflated(int n) {
        if (inflatedBytes.length < n) {
            inflatedBytes = Arrays.copyOf(inflatedBytes, Math.max(n, inflatedBytes.length * 2));
        }
        return inflatedBytes;
    }

    /** Ends the inflater, if one was made; after the loop has stopped. */
    void close() {
        if (inflater != null) {
            inflater.end();
        }
    }

    /** A reusable array of at least {@code n} bytes; loop thread only. */
    byte[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        return scratch;
    }
}
