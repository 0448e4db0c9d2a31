package io.metricsstreamer.delivery;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The recent delivery chunks of one loop, numbered in delivery order: the newest ones, while without the oldest
 * they would hold no more than {@link #keepAtLeast} bytes of envelopes or fewer than two metrics. A client over
 * the slow-client mark that takes every metric unfiltered skips chunks at no cost per metric
 * ({@link ClientSession#offerAll}); when it drains it takes its newest metrics from here, as many as a parked client
 * keeps, and counts the rest as dropped. Because the log holds at least that many bytes, such a client keeps exactly
 * what it would have kept had it been offered each metric. It is also the seam where a replay by {@code seq} will
 * read. Confined to its loop.
 */
final class ChunkLog {
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long keepBytes;
    private long bytes;
    private long metricCount;
    private long newest;
    private long windowOf;
    private long windowBytes;
    private int windowCount;
    private int window;
    private EncodedMetric[] taken = new EncodedMetric[64];
    private long[] takenAt = new long[64];

    private record Entry(long number, List<PublishedMetric> metrics, long bytes, long deliveredAt) {
    }

    /** From now on, keeps at least {@code keepBytes} of envelopes (when that much was delivered); never less. */
    void keepAtLeast(long keepBytes) {
        this.keepBytes = Math.max(this.keepBytes, keepBytes);
    }

    /** Appends the chunk being delivered at {@code nowNanos} (the loop's clock); returns its number (1, 2, ...). */
    long append(List<PublishedMetric> metrics, long nowNanos) {
        long size = 0;
        for (int i = 0, n = metrics.size(); i < n; i++) {
            size += metrics.get(i).encoded().envelopeLength();
        }
        entries.addLast(new Entry(++newest, metrics, size, nowNanos));
        bytes += size;
        metricCount += metrics.size();
        // The oldest chunk goes only if the others still hold more than keepBytes and at least two metrics: then a
        // walk from the newest always meets the metric that no longer fits, and knows where what is kept ends.
        while (entries.size() > 1 && bytes - entries.peekFirst().bytes() > keepBytes
                && metricCount - entries.peekFirst().metrics().size() >= 2) {
            Entry oldest = entries.pollFirst();
            bytes -= oldest.bytes();
            metricCount -= oldest.metrics().size();
        }
        return newest;
    }

    /**
     * How many of the newest metrics in the log a parked client keeps: at least one (when any), then as many as stay
     * within {@code maxBytes} of envelopes and {@code maxCount} metrics; -1 when the log holds too few to tell (the
     * limits were not reached). Computed once per chunk for the loop (every session shares the same settings), so a
     * skipping client counts its drops as they happen at no cost per metric.
     */
    int newestWithin(long maxBytes, int maxCount) {
        if (windowOf != newest || windowBytes != maxBytes || windowCount != maxCount) {
            windowOf = newest;
            windowBytes = maxBytes;
            windowCount = maxCount;
            window = newest(0, maxBytes, maxCount, false);
        }
        // The walk stopped at a limit exactly when it did not reach the oldest metric held.
        return window < metricCount ? window : -1;
    }

    /**
     * Takes the newest metrics of the chunks numbered {@code from} or later that are still kept: at least one (when
     * any), then as many as stay within {@code maxBytes} of envelopes and {@code maxCount} metrics. They are read
     * with {@link #taken(int)} and {@link #takenAt(int)}, newest first, until {@link #releaseTaken(int)}.
     *
     * @return how many were taken
     */
    int takeNewestSince(long from, long maxBytes, int maxCount) {
        return newest(from, maxBytes, maxCount, true);
    }

    /** Counts, and when {@code take} also takes, the newest metrics of {@link #takeNewestSince}. */
    private int newest(long from, long maxBytes, int maxCount, boolean take) {
        int count = 0;
        long size = 0;
        Iterator<Entry> newestFirst = entries.descendingIterator();
        while (newestFirst.hasNext()) {
            Entry e = newestFirst.next();
            if (e.number() < from) {
                break;
            }
            List<PublishedMetric> metrics = e.metrics();
            for (int i = metrics.size() - 1; i >= 0; i--) {
                EncodedMetric m = metrics.get(i).encoded();
                if (count == maxCount || (count > 0 && size + m.envelopeLength() > maxBytes)) {
                    return count;
                }
                if (take) {
                    if (count == taken.length) {
                        taken = Arrays.copyOf(taken, count * 2);
                        takenAt = Arrays.copyOf(takenAt, count * 2);
                    }
                    takenAt[count] = e.deliveredAt();
                    taken[count] = m;
                }
                count++;
                size += m.envelopeLength();
            }
        }
        return count;
    }

    /** The {@code i}-th metric taken, newest first. */
    EncodedMetric taken(int i) {
        return taken[i];
    }

    /** When the {@code i}-th metric taken was delivered to the loop (the time it would have joined a pending list). */
    long takenAt(int i) {
        return takenAt[i];
    }

    /** Forgets the {@code count} metrics taken (the log must not keep them alive). */
    void releaseTaken(int count) {
        Arrays.fill(taken, 0, count, null);
    }
}
