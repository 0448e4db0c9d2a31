package io.metricsstreamer.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A validated metric as a publisher offers it, before the server assigns its {@code seq}.
 *
 * @param type      the metric type
 * @param timestamp when the metric was measured; the server sets it when the publisher left it out
 * @param data      a JSON object, or an array of objects; never modified after publishing
 */
public record MetricEnvelope(MetricType type, Instant timestamp, JsonNode data) {
    /** Checks the invariants: type and timestamp set, data an object or an array of objects. */
    public MetricEnvelope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        if (!isValidData(data)) {
            throw new IllegalArgumentException("data must be a JSON object or an array of JSON objects");
        }
    }

    /** Whether {@code data} is a JSON object or an array whose every element is an object. */
    public static boolean isValidData(JsonNode data) {
        if (data == null) {
            return false;
        }
        if (data.isObject()) {
            return true;
        }
        if (!data.isArray()) {
            return false;
        }
        for (JsonNode e : data) {
            if (!e.isObject()) {
                return false;
            }
        }
        return true;
    }
}
