package io.metricsstreamer.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.subscription.DataFilter;
import io.metricsstreamer.subscription.Filters;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-loop sharing of work between clients: the encodings of one metric under the distinct filter sets of the
 * loop's clients (each view filtered and encoded once, then shared by every client holding equal filters; reset for
 * each metric), and the last batch frame assembled ({@link SharedBatches}). Confined to its loop.
 */
public final class FilteredViews {
    private static final EncodedMetric NOT_DELIVERED = new EncodedMetric(-1, 0, new byte[0], 0, 0);

    private final Map<Filters, EncodedMetric> views = new HashMap<>();
    private final SharedBatches batches = new SharedBatches();
    private PublishedMetric metric;
    private JsonNode metricData;
    private long encodings;

    /** Starts caching views of {@code next}, forgetting those of the previous metric. */
    public void reset(PublishedMetric next) {
        if (metric != next) {
            metric = next;
            metricData = null;
            views.clear();
        }
    }

    /** The encoding of the current metric under {@code filters}, or null when it is not delivered under them. */
    public EncodedMetric view(PublishedMetric m, Filters filters) {
        if (filters.isNone()) {
            return m.encoded();
        }
        reset(m);
        EncodedMetric e = views.get(filters);
        if (e == null) {
            if (metricData == null) {
                metricData = m.data();
            }
            JsonNode data = DataFilter.apply(metricData, filters);
            e = data == null ? NOT_DELIVERED : EnvelopeEncoder.encode(m.seq(), m.type(), m.timestamp(), data);
            views.put(filters, e);
            encodings++;
        }
        return e == NOT_DELIVERED ? null : e;
    }

    /** The loop's shared batch frames. */
    SharedBatches batches() {
        return batches;
    }

    /** How many filtered views this cache has encoded since it was made (for tests and benchmarks). */
    public long encodings() {
        return encodings;
    }
}
