package io.metricsstreamer.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.model.MetricType;

/**
 * One key's aggregate of one window.
 *
 * @param type    the metrics' type
 * @param data    the aggregated data: an object, or the array of per-agent aggregated records
 * @param count   how many metrics the window held for the key
 * @param fromSeq the seq of the oldest of them
 * @param toSeq   the seq of the newest (the envelope's {@code seq})
 */
public record AggregateResult(MetricType type, JsonNode data, long count, long fromSeq, long toSeq) {
}
