package io.metricsstreamer.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Encodes envelopes into {@link EncodedMetric}s: {@code {"metric_type":..,"timestamp":..,"seq":..,"data":..}}
 * wrapped in a {@code metric_update} frame. Stateless and thread-safe.
 */
public final class EnvelopeEncoder {
    static final byte[] UPDATE_PREFIX = "{\"type\":\"metric_update\",\"data\":".getBytes(StandardCharsets.UTF_8);
    static final byte[] UPDATE_SUFFIX = "}".getBytes(StandardCharsets.UTF_8);

    private static final byte[] RAW_TYPE = "{\"metric_type\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RAW_TIMESTAMP = "\",\"timestamp\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RAW_SEQ = "\",\"seq\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RAW_DATA = ",\"data\":".getBytes(StandardCharsets.UTF_8);

    private EnvelopeEncoder() {
    }

    /**
     * Encodes one envelope whose data is already compact JSON, by concatenation: type names match
     * {@code [a-z][a-z0-9_]*} and wire timestamps are plain ASCII, so nothing needs escaping.
     */
    public static EncodedMetric encodeRaw(long seq, MetricType type, String timestamp, byte[] dataJson) {
        byte[] name = type.name().getBytes(StandardCharsets.US_ASCII);
        byte[] ts = timestamp.getBytes(StandardCharsets.US_ASCII);
        byte[] seqText = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
        int envelopeLength = RAW_TYPE.length + name.length + RAW_TIMESTAMP.length + ts.length + RAW_SEQ.length
                + seqText.length + RAW_DATA.length + dataJson.length + 1;
        byte[] frame = new byte[UPDATE_PREFIX.length + envelopeLength + UPDATE_SUFFIX.length];
        int at = put(frame, 0, UPDATE_PREFIX);
        int start = at;
        at = put(frame, at, RAW_TYPE);
        at = put(frame, at, name);
        at = put(frame, at, RAW_TIMESTAMP);
        at = put(frame, at, ts);
        at = put(frame, at, RAW_SEQ);
        at = put(frame, at, seqText);
        at = put(frame, at, RAW_DATA);
        at = put(frame, at, dataJson);
        frame[at++] = '}';
        put(frame, at, UPDATE_SUFFIX);
        return new EncodedMetric(seq, type.index(), frame, start, envelopeLength);
    }

    private static int put(byte[] to, int at, byte[] from) {
        System.arraycopy(from, 0, to, at, from.length);
        return at + from.length;
    }

    /** Encodes one envelope whose data is a tree; {@code timestamp} is already in wire form. */
    public static EncodedMetric encode(long seq, MetricType type, String timestamp, JsonNode data) {
        return encodeRaw(seq, type, timestamp, toJson(data));
    }

    /** A tree as compact JSON bytes. */
    static byte[] toJson(JsonNode data) {
        try {
            return Json.mapper().writeValueAsBytes(data);
        } catch (IOException e) {
            throw new UncheckedIOException("a tree of plain values always serialises", e);
        }
    }
}
