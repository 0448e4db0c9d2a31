package io.metricsstreamer.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;

/**
 * A validated metric as a publisher offers it, before the server assigns its {@code seq}. Its {@code data} is
 * encoded to JSON bytes here, once, on the publisher's thread: a queued metric is then one byte array rather than a
 * tree of many small objects (cheaper to keep under load, and to collect), and the dispatcher only concatenates.
 * Immutable.
 */
public final class MetricEnvelope {
    private final MetricType type;
    private final Instant timestamp;
    private final byte[] dataJson;

    /**
     * An envelope; throws when {@code data} is not a JSON object or an array of objects.
     *
     * @param type      the metric type
     * @param timestamp when the metric was measured; the server sets it when the publisher left it out
     * @param data      a JSON object, or an array of objects
     */
    public MetricEnvelope(MetricType type, Instant timestamp, JsonNode data) {
        this.type = Objects.requireNonNull(type, "type");
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        if (!isValidData(data)) {
            throw new IllegalArgumentException("data must be a JSON object or an array of JSON objects");
        }
        try {
            this.dataJson = Json.mapper().writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("data cannot be encoded as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private MetricEnvelope(MetricType type, Instant timestamp, byte[] dataJson) {
        this.type = Objects.requireNonNull(type, "type");
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.dataJson = dataJson;
    }

    /**
     * An envelope whose data is already compact JSON, validated by the caller as an object or an array of objects
     * (the ingest parser copies it so, token by token). Only its first byte is checked here.
     *
     * @param dataJson the data as compact JSON (UTF-8); kept as it is, never modify it afterwards
     */
    public static MetricEnvelope ofJson(MetricType type, Instant timestamp, byte[] dataJson) {
        if (dataJson.length < 2 || (dataJson[0] != '{' && dataJson[0] != '[')) {
            throw new IllegalArgumentException("data must be a JSON object or an array of JSON objects");
        }
        return new MetricEnvelope(type, timestamp, dataJson);
    }

    /** The metric type. */
    public MetricType type() {
        return type;
    }

    /** When the metric was measured. */
    public Instant timestamp() {
        return timestamp;
    }

    /** The data as compact JSON bytes (UTF-8); never modify. */
    public byte[] dataJson() {
        return dataJson;
    }

    /** The data parsed back into a tree (a new one on each call: for tests and tools, not the hot path). */
    public JsonNode data() {
        try {
            return Json.mapper().readTree(dataJson);
        } catch (IOException e) {
            throw new UncheckedIOException("bytes this class encoded always parse", e);
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
