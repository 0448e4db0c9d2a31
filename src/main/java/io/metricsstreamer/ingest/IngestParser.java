package io.metricsstreamer.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.model.Timestamps;
import io.metricsstreamer.protocol.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Parses a {@code POST /api/metrics} body: one envelope ({@code metric_type}, optional {@code timestamp},
 * {@code data}) or an array of them. Every envelope is validated before any is returned, so a request is published
 * all or nothing. Unknown fields (including {@code seq}, which the server assigns) are refused. Thread-safe.
 */
public final class IngestParser {
    /** Largest body accepted; larger ones are answered 413. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final Set<String> FIELDS = Set.of("metric_type", "timestamp", "data");

    private final MetricTypes types;

    /** A parser resolving metric types against {@code types}. */
    public IngestParser(MetricTypes types) {
        this.types = types;
    }

    /**
     * Parses a body; envelopes without a timestamp get {@code now}.
     *
     * @throws IngestException naming the first problem (and the envelope's index for arrays)
     */
    public List<MetricEnvelope> parse(byte[] body, Instant now) throws IngestException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (JacksonException e) {
            throw new IngestException("body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IngestException("body could not be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new IngestException("body is empty: send one envelope or an array of envelopes");
        }
        if (root.isObject()) {
            return List.of(envelope(root, "", now));
        }
        if (!root.isArray()) {
            throw new IngestException("body must be an envelope object or an array of envelopes, not "
                    + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        List<MetricEnvelope> out = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode e = root.get(i);
            String where = "envelope [" + i + "]: ";
            if (!e.isObject()) {
                throw new IngestException(where + "must be an object");
            }
            out.add(envelope(e, where, now));
        }
        return out;
    }

    private MetricEnvelope envelope(JsonNode e, String where, Instant now) throws IngestException {
        for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if ("seq".equals(key)) {
                throw new IngestException(where + "'seq' is assigned by the server; leave it out");
            }
            if (!FIELDS.contains(key)) {
                throw new IngestException(where + "unknown field '" + key
                        + "'; an envelope has metric_type, timestamp (optional) and data");
            }
        }
        return new MetricEnvelope(type(e.get("metric_type"), where), timestamp(e.get("timestamp"), where, now),
                data(e.get("data"), where));
    }

    private MetricType type(JsonNode node, String where) throws IngestException {
        if (node == null || node.isNull()) {
            throw new IngestException(where + "missing 'metric_type'; valid types: "
                    + String.join(", ", types.names()));
        }
        if (!node.isTextual()) {
            throw new IngestException(where + "'metric_type' must be a string");
        }
        return types.find(node.textValue()).orElseThrow(() -> new IngestException(where + "unknown metric_type '"
                + node.textValue() + "'; valid types: " + String.join(", ", types.names())));
    }

    private static Instant timestamp(JsonNode node, String where, Instant now) throws IngestException {
        if (node == null || node.isNull()) {
            return now;
        }
        if (!node.isTextual()) {
            throw new IngestException(where + "malformed timestamp " + node + ": expected an ISO-8601 string");
        }
        try {
            return Timestamps.parse(node.textValue());
        } catch (IllegalArgumentException ex) {
            throw new IngestException(where + ex.getMessage());
        }
    }

    private static JsonNode data(JsonNode node, String where) throws IngestException {
        if (node == null) {
            throw new IngestException(where + "missing 'data': a JSON object or an array of objects");
        }
        if (!MetricEnvelope.isValidData(node)) {
            throw new IngestException(where + "'data' must be a JSON object or an array of objects, not " + node
                    .getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + (node.isArray() ? " with non-object elements" : ""));
        }
        return node;
    }
}
