package io.metricsstreamer.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.model.MetricType;

/**
 * A metric after the dispatcher stamped its {@code seq}: its type, wire timestamp, data tree (read-only: shared by
 * every loop) and its unfiltered encoding, made once. Immutable.
 *
 * @param seq       the server-assigned sequence number
 * @param type      the metric type
 * @param timestamp the timestamp in wire form
 * @param data      the data tree; never modify
 * @param encoded   the unfiltered envelope as a {@code metric_update} frame
 */
public record PublishedMetric(long seq, MetricType type, String timestamp, JsonNode data, EncodedMetric encoded) {

    /** Stamps and encodes a metric: the one place a published metric is serialised for delivery. */
    public static PublishedMetric encode(long seq, MetricType type, String timestamp, JsonNode data) {
        return new PublishedMetric(seq, type, timestamp, data,
                EnvelopeEncoder.encode(seq, type, timestamp, data));
    }
}
