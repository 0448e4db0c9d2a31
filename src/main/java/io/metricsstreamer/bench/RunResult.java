package io.metricsstreamer.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.metricsstreamer.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one run (or of a W4 search), by name, in insertion order: the JSON object written with
 * {@code --json} and what {@link ResultTable} prints. Names follow the shared C harness's JSON where they measure the
 * same thing ({@code delivered_per_s}, {@code lat_p99_ms}, {@code missing}, ...). A figure that could not be
 * measured is absent or null. Not thread-safe.
 */
final class RunResult {
    private final Map<String, Object> values = new LinkedHashMap<>();

    /** Sets a figure; a NaN or infinite double is stored as null. */
    RunResult put(String key, Object value) {
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            values.put(key, null);
        } else {
            values.put(key, value);
        }
        return this;
    }

    /** Sets a double rounded to {@code decimals} places (NaN: null). */
    RunResult put(String key, double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return put(key, null);
        }
        double scale = Math.pow(10, decimals);
        return put(key, Math.round(value * scale) / scale);
    }

    /** Whether the figure is present and not null. */
    boolean has(String key) {
        return values.get(key) != null;
    }

    /** A figure as a number, or NaN when absent or not a number. */
    double num(String key) {
        return values.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** A figure as a long (0 when absent). */
    long count(String key) {
        return values.get(key) instanceof Number n ? n.longValue() : 0;
    }

    /** A figure as text ("" when absent). */
    String text(String key) {
        Object v = values.get(key);
        return v == null ? "" : v.toString();
    }

    /** Every figure, read-only. */
    Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** The figures as one JSON object. */
    String toJson() {
        try {
            return Json.mapper().writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("results are plain values", e);
        }
    }
}
