package io.metricsstreamer.delivery;

/**
 * What a parked client skipped: the number (in the loop's {@link ChunkLog}) of the first chunk it skipped, how many
 * metrics it skipped since, the size of its pending list when it began (the list is left alone meanwhile) and the
 * drops already counted. A {@link ClientSession} that takes every metric unfiltered holds one while it skips chunks
 * and drops it when it {@link #catchUp catches up}; clients that are not skipping hold none. Confined to the loop.
 */
final class SkippedChunks {
    private final long since;
    private final int pendingAtStart;
    private final long bound;
    private final int maxPending;
    private long skipped;
    private long dropsCounted;
    private int pendingCount;

    /**
     * Begins skipping at chunk {@code since}, with {@code pendingAtStart} metrics pending, for a client that keeps
     * at most {@code bound} bytes and {@code maxPending} metrics while parked; the log keeps at least that much.
     */
    SkippedChunks(long since, int pendingAtStart, long bound, int maxPending, ChunkLog log) {
        this.since = since;
        this.pendingAtStart = pendingAtStart;
        this.bound = bound;
        this.maxPending = maxPending;
        this.pendingCount = pendingAtStart;
        log.keepAtLeast(bound);
    }

    /**
     * Skips a chunk of {@code metrics}, at no cost per metric; returns the drops to count now. Drops are known as
     * they happen once the client has skipped at least the newest metrics it keeps: everything older is lost.
     * Before that, what it keeps may still reach back into its pending list, and the few of those that no longer fit
     * are counted when it catches up.
     */
    long skip(int metrics, ChunkLog log) {
        skipped += metrics;
        int kept = log.newestWithin(bound, maxPending);
        if (kept < 0) {
            pendingCount = (int) Math.min(maxPending, pendingAtStart + skipped);
            return 0;
        }
        if (skipped < kept) {
            // Its pending list ends where the log's older metrics are: together they are kept as far as they fit.
            pendingCount = (int) Math.min(kept, pendingAtStart + skipped);
            return 0;
        }
        long dropped = pendingAtStart + skipped - kept;
        long now = dropped - dropsCounted;
        dropsCounted = dropped;
        pendingCount = kept;
        return now;
    }

    /** The metrics the client would have pending now, had it been offered each (at most max-pending). */
    int pendingCount() {
        return pendingCount;
    }

    /**
     * Takes the skipped metrics into {@code pending} as if each had been offered: the newest that fit within the
     * bound, the others dropped; returns the drops not yet counted by {@link #skip}.
     */
    long catchUp(PendingQueue pending, ChunkLog log) {
        int taken = log.takeNewestSince(since, bound, maxPending);
        for (int i = taken - 1; i >= 0; i--) {
            pending.add(log.taken(i), log.takenAt(i));
        }
        log.releaseTaken(taken);
        pending.dropOldestOver(bound);
        return pendingAtStart + skipped - pending.size() - dropsCounted;
    }
}
