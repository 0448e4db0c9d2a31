package io.metricsstreamer.bench;

/**
 * The measured window of a run, in microseconds of {@code System.nanoTime() / 1000}: frames received inside
 * [{@code startUs}, {@code endUs}] count towards delivered/s, and a metric is timed when its {@code sent_us} is at
 * or after {@code sentFromUs} (sent after the warm-up). Closed (nothing counts, nothing timed) until
 * {@link #open}. Written by the run's thread, read by every event loop: volatile.
 */
final class MeasureWindow {
    private volatile long startUs = Long.MAX_VALUE;
    private volatile long endUs = Long.MIN_VALUE;
    private volatile long sentFromUs = Long.MAX_VALUE;
    private volatile long offerIntervalUs;

    /**
     * Opens the window: receipt in [start, end] counts; metrics sent at or after {@code sentFrom} are timed;
     * {@code intervalUs} is the time between two offers of one publisher connection (for skipped offers).
     */
    void open(long start, long end, long sentFrom, long intervalUs) {
        offerIntervalUs = intervalUs;
        startUs = start;
        endUs = end;
        sentFromUs = sentFrom;
    }

    /** Whether a frame received at {@code nowUs} counts towards the window's rates. */
    boolean contains(long nowUs) {
        return nowUs >= startUs && nowUs <= endUs;
    }

    /** Whether a metric stamped {@code sentUs} is timed. */
    boolean timed(long sentUs) {
        return sentUs >= sentFromUs;
    }

    /** Microseconds between two offers of one publisher connection. */
    long offerIntervalUs() {
        return offerIntervalUs;
    }
}
