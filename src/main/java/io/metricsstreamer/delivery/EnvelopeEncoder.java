package io.metricsstreamer.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.json.Json;
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
    private static final byte[] AGGREGATED = ",\"aggregated\":".getBytes(StandardCharsets.UTF_8);

    private EnvelopeEncoder() {
    }

    /**
     * Encodes one envelope whose data is already compact JSON, by concatenation: type names match
     * {@code [a-z][a-z0-9_]*} and wire timestamps are plain ASCII, so nothing needs escaping.
     */
    public static EncodedMetric encodeRaw(long seq, MetricType type, String timestamp, byte[] dataJson) {
        return encodeRaw(seq, type, timestamp, dataJson, 0);
    }

    /** As {@link #encodeRaw(long, MetricType, String, byte[])}, for a metric the server accepted at a known time. */
    static EncodedMetric encodeRaw(long seq, MetricType type, String timestamp, byte[] dataJson, long acceptedNanos) {
        return encodeRaw(seq, type, timestamp, null, 0, timestamp.length(), dataJson, acceptedNanos);
    }

    /**
     * As {@link #encodeRaw(long, MetricType, String, byte[], long)}, with the timestamp copied from the wire form held
     * by {@code published}: a filtered view of a published metric, whose timestamp is in its frame.
     */
    static EncodedMetric encodeRaw(PublishedMetric published, byte[] dataJson) {
        EncodedMetric e = published.encoded();
        return encodeRaw(e.seq(), published.type(), null, e.frame(), published.timestampOffset(),
                published.timestampLength(), dataJson, e.acceptedNanos());
    }

    /** Where an envelope of {@code type} has its timestamp, from the envelope's start. */
    static int timestampOffset(MetricType type) {
        return RAW_TYPE.length + type.name().length() + RAW_TIMESTAMP.length;
    }

    /** The timestamp is {@code timestamp} or, when that is null, the ASCII bytes at {@code tsOffset} of tsFrom. */
    private static EncodedMetric encodeRaw(long seq, MetricType type, String timestamp, byte[] tsFrom, int tsOffset,
                                           int tsLength, byte[] dataJson, long acceptedNanos) {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative: " + seq);
        }
        // The name, timestamp and seq are written straight into the frame: arrays of their own for each were a
        // large share of what the dispatcher allocates per metric (measured: docs/benchmarks/LOG.md, item 31).
        String name = type.name();
        int seqDigits = digits(seq);
        int envelopeLength = RAW_TYPE.length + name.length() + RAW_TIMESTAMP.length + tsLength
                + RAW_SEQ.length + seqDigits + RAW_DATA.length + dataJson.length + 1;
        byte[] frame = new byte[UPDATE_PREFIX.length + envelopeLength + UPDATE_SUFFIX.length];
        int at = put(frame, 0, UPDATE_PREFIX);
        int start = at;
        at = put(frame, at, RAW_TYPE);
        at = putAscii(frame, at, name);
        at = put(frame, at, RAW_TIMESTAMP);
        if (timestamp != null) {
            at = putAscii(frame, at, timestamp);
        } else {
            System.arraycopy(tsFrom, tsOffset, frame, at, tsLength);
            at += tsLength;
        }
        at = put(frame, at, RAW_SEQ);
        at += seqDigits;
        long rest = seq;
        for (int i = at - 1; i >= at - seqDigits; i--) {
            frame[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        at = put(frame, at, RAW_DATA);
        at = put(frame, at, dataJson);
        frame[at++] = '}';
        put(frame, at, UPDATE_SUFFIX);
        return new EncodedMetric(seq, type.index(), frame, start, envelopeLength, acceptedNanos);
    }

    /**
     * Encodes an aggregated envelope: {@code data}, then {@code "aggregated": AGGREGATED} after it (SPEC 9). Both are
     * compact JSON made by the server.
     */
    static EncodedMetric encodeAggregated(long seq, MetricType type, String timestamp, byte[] dataJson,
                                          byte[] aggregatedJson) {
        byte[] tail = new byte[dataJson.length + AGGREGATED.length + aggregatedJson.length];
        System.arraycopy(dataJson, 0, tail, 0, dataJson.length);
        System.arraycopy(AGGREGATED, 0, tail, dataJson.length, AGGREGATED.length);
        System.arraycopy(aggregatedJson, 0, tail, dataJson.length + AGGREGATED.length, aggregatedJson.length);
        return encodeRaw(seq, type, timestamp, tail, 0);
    }

    /** Decimal digits of a non-negative number. */
    static int digits(long n) {
        int digits = 1;
        for (long rest = n / 10; rest > 0; rest /= 10) {
            digits++;
        }
        return digits;
    }

    /** Writes text known to be ASCII (type names, wire timestamps) one byte per char. */
    private static int putAscii(byte[] to, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            to[at + i] = (byte) ascii.charAt(i);
        }
        return at + ascii.length();
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
