package io.metricsstreamer.delivery;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
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

    private EnvelopeEncoder() {
    }

    /** Encodes one envelope; {@code timestamp} is already in wire form. */
    public static EncodedMetric encode(long seq, MetricType type, String timestamp, JsonNode data) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256)) {
            out.write(UPDATE_PREFIX);
            int start = out.size();
            try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("metric_type", type.name());
                g.writeStringField("timestamp", timestamp);
                g.writeNumberField("seq", seq);
                g.writeFieldName("data");
                Json.mapper().writeTree(g, data);
                g.writeEndObject();
            }
            int end = out.size();
            out.write(UPDATE_SUFFIX);
            return new EncodedMetric(seq, type.index(), out.toByteArray(), start, end - start);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding to memory cannot fail", e);
        }
    }
}
