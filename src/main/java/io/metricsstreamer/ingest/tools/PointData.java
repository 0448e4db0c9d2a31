package io.metricsstreamer.ingest.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.ingest.ToolPoint;
import io.metricsstreamer.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One point's tags and fields, read back from the JSON the line protocol parser wrote for it. Confined to the thread
 * that reads it.
 */
final class PointData {
    private final JsonNode data;

    private PointData(JsonNode data) {
        this.data = data;
    }

    /** The data of {@code point}. */
    static PointData of(ToolPoint point) {
        try {
            return new PointData(Json.mapper().readTree(point.dataJson()));
        } catch (IOException e) {
            // The parser wrote this JSON: it cannot be malformed.
            throw new UncheckedIOException("a parsed point's data is not JSON", e);
        }
    }

    /** The tag or string field {@code key}, or {@code absent} when there is none or it is not a string. */
    String text(String key, String absent) {
        JsonNode v = data.get(key);
        return v != null && v.isTextual() ? v.asText() : absent;
    }

    /** The number (or boolean, as 1 or 0) {@code key}, or NaN when there is none. */
    double number(String key) {
        JsonNode v = data.get(key);
        if (v == null) {
            return Double.NaN;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isBoolean()) {
            return v.asBoolean() ? 1 : 0;
        }
        return Double.NaN;
    }
}
