package io.metricsstreamer.ingest;

import io.metricsstreamer.model.MetricEnvelope;
import java.util.Collections;
import java.util.List;

/**
 * What a line protocol write request holds, once every line of it parsed: the envelopes to publish, and the points a
 * load tool's summary reads. Immutable.
 *
 * @param envelopes  the points something maps to a metric type, one envelope each, in the request's order
 * @param summarized the points of a load tool's measurements, in the request's order (some may be in
 *                   {@code envelopes} too)
 * @param points     the points the request held, all taken: published, summarised, or a load tool's own
 */
public record InfluxWrite(List<MetricEnvelope> envelopes, List<ToolPoint> summarized, int points) {
    /** Wraps both lists unmodifiable (the parser's own lists, not copied: a write may hold thousands). */
    public InfluxWrite {
        envelopes = Collections.unmodifiableList(envelopes);
        summarized = Collections.unmodifiableList(summarized);
    }
}
