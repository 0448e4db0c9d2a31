package io.metricsstreamer.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A metric after the dispatcher stamped its {@code seq}: its type, wire timestamp, data as JSON bytes and its
 * unfiltered encoding, made once. Immutable; shared by every loop. Filtered views are cut from the data's bytes
 * ({@link FilteredViews}); it is parsed into a tree only where a view needs the tree version, once per metric per
 * loop.
 *
 * @param seq       the server-assigned sequence number
 * @param type      the metric type
 * @param timestamp the timestamp in wire form
 * @param dataJson  the data as compact JSON (UTF-8); never modify
 * @param encoded   the unfiltered envelope as a {@code metric_update} frame
 */
public record PublishedMetric(long seq, MetricType type, String timestamp, byte[] dataJson, EncodedMetric encoded) {

    /** Stamps and encodes a metric whose data is already JSON: the dispatcher's path, a concatenation. */
    public static PublishedMetric encode(long seq, MetricType type, String timestamp, byte[] dataJson) {
        return new PublishedMetric(seq, type, timestamp, dataJson,
                EnvelopeEncoder.encodeRaw(seq, type, timestamp, dataJson));
    }

    /** Stamps and encodes a metric given as a tree (tests, benchmarks). */
    public static PublishedMetric encode(long seq, MetricType type, String timestamp, JsonNode data) {
        return encode(seq, type, timestamp, EnvelopeEncoder.toJson(data));
    }

    /** The data parsed into a new tree. */
    public JsonNode data() {
        try {
            return Json.mapper().readTree(dataJson);
        } catch (IOException e) {
            throw new UncheckedIOException("published data was encoded by the server and always parses", e);
        }
    }
}
