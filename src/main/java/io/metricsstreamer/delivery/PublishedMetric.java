package io.metricsstreamer.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.subscription.DataFilterBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A metric after the dispatcher stamped its {@code seq}: its type and its unfiltered encoding, made once. Its data is
 * held once, as the slice of that encoding's frame where the envelope's {@code data} is ({@link #dataOffset()},
 * {@link #dataLength()}), and so are its seq and wire timestamp ({@link #seq()}, {@link #timestamp()}): a metric kept
 * by a pending list, a loop's log or the history costs its frame and a few small objects, nothing more. Immutable;
 * shared by every loop. Filtered views are cut from the data's bytes ({@link FilteredViews}); it is parsed into a
 * tree only where a view needs the tree version, once per metric per loop.
 *
 * @param type       the metric type
 * @param encoded    the unfiltered envelope as a {@code metric_update} frame
 * @param dataLength how many bytes of the frame the data takes; it ends where the envelope's closing brace is
 */
public record PublishedMetric(MetricType type, EncodedMetric encoded, int dataLength) {

    /** Stamps and encodes a metric whose data is already JSON: the dispatcher's path, a concatenation. */
    public static PublishedMetric encode(long seq, MetricType type, String timestamp, byte[] dataJson) {
        return encode(seq, type, timestamp, dataJson, 0);
    }

    /** As {@link #encode(long, MetricType, String, byte[])}, for a metric accepted at {@code acceptedNanos}. */
    public static PublishedMetric encode(long seq, MetricType type, String timestamp, byte[] dataJson,
                                         long acceptedNanos) {
        return new PublishedMetric(type, EnvelopeEncoder.encodeRaw(seq, type, timestamp, dataJson, acceptedNanos),
                dataJson.length);
    }

    /** Stamps and encodes a metric given as a tree (tests, benchmarks). */
    public static PublishedMetric encode(long seq, MetricType type, String timestamp, JsonNode data) {
        return encode(seq, type, timestamp, EnvelopeEncoder.toJson(data));
    }

    /** The server-assigned sequence number. */
    public long seq() {
        return encoded.seq();
    }

    /** The timestamp in wire form, read from the frame (a new string each call). */
    public String timestamp() {
        return new String(encoded.frame(), timestampOffset(), timestampLength(), StandardCharsets.ISO_8859_1);
    }

    /** Where the wire timestamp starts in {@code encoded().frame()}. */
    int timestampOffset() {
        return encoded.envelopeOffset() + EnvelopeEncoder.timestampOffset(type);
    }

    /** The wire timestamp's length in bytes: up to its closing quote (it is ASCII and holds none). */
    int timestampLength() {
        byte[] frame = encoded.frame();
        int start = timestampOffset();
        int end = start;
        while (frame[end] != '"') {
            end++;
        }
        return end - start;
    }

    /** Where the data starts in {@code encoded().frame()}. */
    public int dataOffset() {
        return encoded.envelopeOffset() + encoded.envelopeLength() - 1 - dataLength;
    }

    /** The data read for filtered views, where it is in the frame (see {@link DataFilterBytes#index}). */
    DataFilterBytes.Index dataIndex() {
        return DataFilterBytes.index(encoded.frame(), dataOffset(), dataLength);
    }

    /** The data parsed into a new tree. */
    public JsonNode data() {
        try {
            return Json.mapper().readTree(encoded.frame(), dataOffset(), dataLength);
        } catch (IOException e) {
            throw new UncheckedIOException("published data was encoded by the server and always parses", e);
        }
    }
}
