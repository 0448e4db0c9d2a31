package io.metricsstreamer.bench;

/**
 * Open-loop pacing of one publisher connection, on a clock the caller passes in (nanoseconds), as in the C
 * harness: metric {@code i} is due {@code i / rate} seconds after the start, and is meant to go out with the first
 * tick at or after that ({@link #intendedNanos}). At each wake the publisher sends what is due ({@link #offer}); when
 * it is more than 100 ms of offers (and at least two ticks) behind, because the server held it up, it skips ahead to
 * one tick's worth, and the skipped offers are counted, never sent as one giant catch-up POST. Not thread-safe: one
 * publisher thread owns it.
 */
public final class RatePacer {
    /** Receives each run of skipped offers. */
    @FunctionalInterface
    public interface SkipListener {
        /** Offers {@code fromIndex} (inclusive) to {@code toIndex} (exclusive) were skipped at {@code nowNanos}. */
        void skipped(long fromIndex, long toIndex, long nowNanos);
    }

    private final double rate;
    private final long startNanos;
    private final long tickNanos;
    private final long phaseNanos;
    private final long perTick;
    private final long maxLag;
    private final int maxPerPost;
    private final SkipListener listener;
    private long sent;
    private long skipped;
    private long nextWake;

    /**
     * @param rate       metrics per second for this connection
     * @param startNanos when metric 0 is due
     * @param tickNanos  the wake interval (10 ms)
     * @param phaseNanos offset of this connection's ticks from the start (staggers several connections)
     * @param maxPerPost largest array in one POST
     * @param listener   told about skipped offers (may be null)
     */
    public RatePacer(double rate, long startNanos, long tickNanos, long phaseNanos, int maxPerPost,
                     SkipListener listener) {
        if (!(rate > 0) || tickNanos <= 0 || maxPerPost < 1) {
            throw new IllegalArgumentException("rate, tick and maxPerPost must be positive");
        }
        this.rate = rate;
        this.startNanos = startNanos;
        this.tickNanos = tickNanos;
        this.phaseNanos = Math.floorMod(phaseNanos, tickNanos);
        this.perTick = Math.max(1, (long) (rate * tickNanos / 1e9));
        this.maxLag = Math.max((long) (rate * 0.1), 2 * perTick);
        this.maxPerPost = maxPerPost;
        this.listener = listener;
        this.nextWake = startNanos + this.phaseNanos;
    }

    /** Metrics due by {@code now}: everything whose due time is not after it. */
    public long target(long now) {
        return now < startNanos ? 0 : (long) ((now - startNanos) * rate / 1e9) + 1;
    }

    /**
     * How many metrics to put in the next POST at {@code now} (at most {@code maxPerPost}; 0 when nothing is due),
     * skipping first when too far behind. The caller sends them, starting at index {@link #nextIndex()}, then calls
     * {@link #sent(long)}; it calls again until this answers 0.
     */
    public int offer(long now) {
        long target = target(now);
        if (target > sent + maxLag) {
            long to = target - perTick;
            skipped += to - sent;
            if (listener != null) {
                listener.skipped(sent, to, now);
            }
            sent = to;
        }
        return (int) Math.min(maxPerPost, Math.max(0, target - sent));
    }

    /** Records that {@code n} metrics from {@link #nextIndex()} were sent (or attempted). */
    public void sent(long n) {
        sent += n;
    }

    /** The index of the next metric to send. */
    public long nextIndex() {
        return sent;
    }

    /** Offers skipped so far. */
    public long skipped() {
        return skipped;
    }

    /** When metric {@code index} was meant to be sent: its due time rounded up to this connection's tick grid. */
    public long intendedNanos(long index) {
        long due = startNanos + (long) Math.ceil(index * 1e9 / rate);
        long grid = startNanos + phaseNanos;
        if (due <= grid) {
            return grid;
        }
        long ticks = (due - grid + tickNanos - 1) / tickNanos;
        return grid + ticks * tickNanos;
    }

    /**
     * The time to wake next after a round of sends finished at {@code now}: the next tick, or {@code now} when the
     * publisher is already late for it (it then catches up by {@link #target}).
     */
    public long nextWake(long now) {
        nextWake += tickNanos;
        if (nextWake < now) {
            nextWake = now;
        }
        return nextWake;
    }
}
