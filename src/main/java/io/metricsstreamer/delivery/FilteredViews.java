package io.metricsstreamer.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.subscription.DataFilter;
import io.metricsstreamer.subscription.DataFilterBytes;
import io.metricsstreamer.subscription.Filters;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The filtered views of the current delivery chunk's metrics: each metric's encoding under each distinct filter set
 * of the loop's clients, filtered and encoded once and shared by every client holding equal filters. A view is cut
 * from the metric's data bytes ({@link DataFilterBytes}), through the data's tree only where the bytes path hands
 * back. Keyed by the identity of the {@link PublishedMetric}, so it relies on every session of the loop being
 * offered the same instance; {@link #clear() cleared} with each chunk. Part of {@link LoopDeliveryState}; confined
 * to its loop.
 */
final class FilteredViews {
    private static final EncodedMetric NOT_DELIVERED = new EncodedMetric(-1, 0, new byte[0], 0, 0, 0);

    private final Map<PublishedMetric, MetricViews> byMetric = new IdentityHashMap<>();
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
    void clear() {
        if (!byMetric.isEmpty()) {
            byMetric.clear();
        }
    }

    /**
     * The encoding of {@code m} under {@code filters}, or null when it is not delivered under them: the metric's own
     * when the filters change nothing of its type (none, or fields for other types only).
     */
    EncodedMetric view(PublishedMetric m, Filters filters) {
        if (filters.passesWhole(m.type())) {
            return m.encoded();
        }
        MetricViews cached = byMetric.get(m);
        if (cached == null) {
            cached = new MetricViews();
            byMetric.put(m, cached);
        }
        EncodedMetric e = cached.views.get(filters);
        if (e == null) {
            e = encode(m, filters, cached);
            cached.views.put(filters, e);
            encodings++;
        }
        return e == NOT_DELIVERED ? null : e;
    }

    /**
     * The encoding of {@code m} under {@code filters}, made now and kept nowhere (a replay's: each metric is read
     * once per replaying client), or null when it is not delivered under them.
     */
    static EncodedMetric viewOnce(PublishedMetric m, Filters filters) {
        if (filters.passesWhole(m.type())) {
            return m.encoded();
        }
        EncodedMetric e = encode(m, filters, new MetricViews());
        return e == NOT_DELIVERED ? null : e;
    }

    /** Encodes a view, keeping in {@code cached} the index or tree it read for the next filters of {@code m}. */
    private static EncodedMetric encode(PublishedMetric m, Filters filters, MetricViews cached) {
        if (!cached.indexed) {
            cached.index = m.dataIndex();
            cached.indexed = true;
        }
        byte[] json = DataFilterBytes.apply(cached.index, m.type(), filters);
        if (json == DataFilterBytes.USE_TREE) {
            if (cached.data == null) {
                cached.data = m.data();
            }
            JsonNode data = DataFilter.apply(cached.data, m.type(), filters);
            return data == null ? NOT_DELIVERED : EnvelopeEncoder.encodeRaw(m, EnvelopeEncoder.toJson(data));
        }
        return json == null ? NOT_DELIVERED : EnvelopeEncoder.encodeRaw(m, json);
    }

    /** How many filtered views this cache has encoded since it was made (for tests and benchmarks). */
    long encodings() {
        return encodings;
    }
}
