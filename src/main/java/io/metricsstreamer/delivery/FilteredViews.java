package io.metricsstreamer.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.subscription.DataFilter;
import io.metricsstreamer.subscription.DataFilterBytes;
import io.metricsstreamer.subscription.Filters;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-loop sharing of work between clients: the encodings of the metrics of one delivery chunk under the
 * distinct filter sets of the loop's clients (each view filtered and encoded once, then shared by every client
 * holding equal filters; {@link #clear() cleared} for each chunk), what the chunk did to clients in step
 * ({@link ChunkOutcomes}, also cleared for each chunk), and the recent batch frames assembled
 * ({@link RecentBatchFrames}). Confined to its loop.
 */
public final class FilteredViews {
    private static final EncodedMetric NOT_DELIVERED = new EncodedMetric(-1, 0, new byte[0], 0, 0);

    private final Map<PublishedMetric, MetricViews> byMetric = new IdentityHashMap<>();
    private final RecentBatchFrames batches = new RecentBatchFrames();
    private final ChunkOutcomes outcomes = new ChunkOutcomes();
    private final ChunkLog log = new ChunkLog();
    private List<PublishedMetric> chunk;
    private long chunkNumber;
    private long encodings;

    /**
     * The views of one metric, the index of its data that they are cut from (read once, see {@link DataFilterBytes}),
     * and its data tree where a view needed the tree version.
     */
    private static final class MetricViews {
        final Map<Filters, EncodedMetric> views = new HashMap<>(4);
        DataFilterBytes.Index index;
        boolean indexed;
        JsonNode data;
    }

    /** Forgets every cached view (a delivery chunk begins or ended: its metrics may go). */
    public void clear() {
        if (!byMetric.isEmpty()) {
            byMetric.clear();
        }
        outcomes.clear();
    }

    /** The encoding of {@code m} under {@code filters}, or null when it is not delivered under them. */
    public EncodedMetric view(PublishedMetric m, Filters filters) {
        if (filters.isNone()) {
            return m.encoded();
        }
        MetricViews cached = byMetric.get(m);
        if (cached == null) {
            cached = new MetricViews();
            byMetric.put(m, cached);
        }
        EncodedMetric e = cached.views.get(filters);
        if (e == null) {
            if (!cached.indexed) {
                cached.index = DataFilterBytes.index(m.dataJson());
                cached.indexed = true;
            }
            byte[] json = DataFilterBytes.apply(cached.index, filters);
            if (json == DataFilterBytes.USE_TREE) {
                if (cached.data == null) {
                    cached.data = m.data();
                }
                JsonNode data = DataFilter.apply(cached.data, filters);
                e = data == null ? NOT_DELIVERED : EnvelopeEncoder.encode(m.seq(), m.type(), m.timestamp(), data);
            } else {
                e = json == null ? NOT_DELIVERED : EnvelopeEncoder.encodeRaw(m.seq(), m.type(), m.timestamp(), json);
            }
            cached.views.put(filters, e);
            encodings++;
        }
        return e == NOT_DELIVERED ? null : e;
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

    /** The loop's recent chunks. */
    ChunkLog log() {
        return log;
    }

    /** What the current chunk did to the clients in step so far. */
    ChunkOutcomes outcomes() {
        return outcomes;
    }

    /** How many clients replayed another client's outcome of a chunk (for tests and benchmarks). */
    public long replays() {
        return outcomes.replays();
    }

    /** The loop's shared batch frames. */
    RecentBatchFrames batches() {
        return batches;
    }

    /** How many filtered views this cache has encoded since it was made (for tests and benchmarks). */
    public long encodings() {
        return encodings;
    }
}
