package io.metricsstreamer.delivery;

import java.util.List;

/**
 * What the sessions of one event loop share while a delivery chunk passes them: the chunk's {@link FilteredViews}
 * (each view encoded once for every client with the same filters), its {@link ChunkOutcomes} (what the chunk did to
 * a client in step, replayed by the others in the same state), the loop's {@link ChunkLog} (recent chunks, where a
 * parked client catches up), its {@link RecentBatchFrames} (batch frames shared by clients flushing the same
 * metrics) and its {@link ReplayPump} (the replays its sessions send, in turns). The views and outcomes rely on every
 * session of the loop being offered the same {@code List} and {@link PublishedMetric} instances, one session after
 * the other ({@link ClientSession#offerAll}); the batch frames on clients of the same view holding the same
 * {@link EncodedMetric} instances. One per loop, held by the hub's loop shard; confined to that loop.
 */
public final class LoopDeliveryState {
    private final FilteredViews views = new FilteredViews();
    private final ChunkOutcomes outcomes = new ChunkOutcomes();
    private final ChunkLog log = new ChunkLog();
    private final RecentBatchFrames batches = new RecentBatchFrames();
    private final LoopAggregations aggregations = new LoopAggregations();
    private ReplayPump replays;
    private List<PublishedMetric> chunk;
    private long chunkNumber;

    /**
     * Forgets what was kept for the current chunk (its views and outcomes): a chunk begins or ended, and its metrics
     * may go. The log and the batch frames keep what they keep by their own bounds.
     */
    public void endChunk() {
        views.clear();
        outcomes.clear();
    }

    /**
     * The chunk being offered to the loop's sessions at {@code nowNanos}: each session calls this with the same
     * instance, and the first call for a new chunk logs it and forgets the outcomes of the previous one.
     *
     * @return the chunk's number in the loop's {@link ChunkLog}
     */
    long enter(List<PublishedMetric> metrics, long nowNanos) {
        if (metrics != chunk) {
            outcomes.clear();
            chunk = metrics;
            chunkNumber = log.append(metrics, nowNanos);
        }
        return chunkNumber;
    }

    /** The current chunk's filtered views. */
    FilteredViews views() {
        return views;
    }

    /** What the current chunk did to the clients in step so far. */
    ChunkOutcomes outcomes() {
        return outcomes;
    }

    /** The loop's recent chunks. */
    ChunkLog log() {
        return log;
    }

    /** The loop's aggregation groups. */
    LoopAggregations aggregations() {
        return aggregations;
    }

    /** The loop's replays, sent in turns on {@code loop} (made at the first replay). */
    ReplayPump replays(LoopScheduler loop) {
        if (replays == null) {
            replays = new ReplayPump(loop);
        }
        return replays;
    }

    /** How many aggregation groups the loop has (for tests and benchmarks). */
    public int aggregationGroups() {
        return aggregations.size();
    }

    /** The loop's recent batch frames. */
    RecentBatchFrames batches() {
        return batches;
    }

    /** How many times a client replayed another's outcome of a chunk (for tests and benchmarks). */
    public long replays() {
        return outcomes.replays();
    }

    /** How many filtered views were encoded on this loop (for tests and benchmarks). */
    public long viewEncodings() {
        return views.encodings();
    }
}
