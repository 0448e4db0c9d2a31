package io.metricsstreamer.delivery;

/**
 * The port through which a session reads the server's history of published metrics for a replay: a window of
 * positions, the oldest retained ({@link #firstPosition}) to the next to be written ({@link #endPosition}), each
 * holding one {@link PublishedMetric}, in increasing {@code seq}. Written by the dispatcher alone and read from any
 * thread: a position may be evicted at any time, so a reader takes {@link #at} as the truth (null: gone) rather than
 * an earlier {@link #firstPosition}. Implemented in {@code history}; {@link #NONE} keeps nothing.
 */
public interface MetricHistory {
    /** A history that keeps nothing (history off, and sessions made without one). */
    MetricHistory NONE = new MetricHistory() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public String epoch() {
            return "";
        }

        @Override
        public long lastSeq() {
            return 0;
        }

        @Override
        public long firstPosition() {
            return 0;
        }

        @Override
        public long endPosition() {
            return 0;
        }

        @Override
        public PublishedMetric at(long position) {
            return null;
        }

        @Override
        public long positionAfterSeq(long seq) {
            return 0;
        }

        @Override
        public long positionSince(long nanosAgo) {
            return 0;
        }

        @Override
        public long lastEvictedSeq() {
            return 0;
        }

        @Override
        public long earliestSeq() {
            return 0;
        }

        @Override
        public boolean evictedWithin(long nanosAgo) {
            return false;
        }
    };

    /** Whether metrics are kept at all ({@code --history-size} above 0). */
    boolean enabled();

    /** The name of the seq stream the positions belong to. */
    String epoch();

    /**
     * The seq of the newest metric appended (0 before the first). Every metric with a seq up to it was appended
     * before this call returned it: it is retained, or it was evicted; every later one is appended after.
     */
    long lastSeq();

    /** The position of the oldest metric retained (equal to {@link #endPosition()} when none is). */
    long firstPosition();

    /** The position the next metric will take. */
    long endPosition();

    /** The metric at {@code position}, or null when it was evicted (or not written yet). */
    PublishedMetric at(long position);

    /** The position of the oldest retained metric whose seq is above {@code seq} ({@link #endPosition} if none). */
    long positionAfterSeq(long seq);

    /** The position of the oldest retained metric appended within the last {@code nanosAgo} nanoseconds. */
    long positionSince(long nanosAgo);

    /** The seq of the newest metric evicted so far (0 when none was). */
    long lastEvictedSeq();

    /** The seq of the oldest metric retained, or 0 when none is. */
    long earliestSeq();

    /** Whether a metric appended within the last {@code nanosAgo} nanoseconds was evicted. */
    boolean evictedWithin(long nanosAgo);
}
