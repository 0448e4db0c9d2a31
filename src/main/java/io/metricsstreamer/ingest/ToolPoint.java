package io.metricsstreamer.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * A line protocol point that a load tool's summary reads (its measurement is one the tool writes): the point's data
 * as the parser wrote it, a compact JSON object of its fields, then its tags as strings, then {@code measurement}.
 * Immutable by convention: the array is the parser's own, never written after.
 *
 * @param measurement the point's measurement
 * @param timestamp   its timestamp (or the request's arrival when it had none)
 * @param dataJson    its data, compact JSON, UTF-8
 */
public record ToolPoint(String measurement, Instant timestamp, byte[] dataJson) {
    /** Checks that nothing is null. */
    public ToolPoint {
        Objects.requireNonNull(measurement, "measurement");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(dataJson, "dataJson");
    }
}
