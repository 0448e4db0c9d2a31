package io.metricsstreamer.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.model.Timestamps;
import io.metricsstreamer.protocol.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a {@code POST /api/metrics} body: one envelope ({@code metric_type}, optional {@code timestamp},
 * {@code data}) or an array of them. Every envelope is validated before any is returned, so a request is published
 * all or nothing. Unknown fields (including {@code seq}, which the server assigns) are refused. Thread-safe.
 *
 * <p>The body is read as a token stream, not a tree: each envelope's {@code data} is copied token by token into its
 * compact JSON bytes (what {@link MetricEnvelope} keeps), so no tree is built and encoded again per metric. The body
 * is still judged as a whole: a syntax error anywhere wins over a problem in an envelope before it, as it would
 * had the body been parsed first.
 */
public final class IngestParser {
    /** Largest body accepted; larger ones are answered 413. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

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
        ByteArrayBuilder bytes = new ByteArrayBuilder(256);
        try (JsonParser p = Json.mapper().getFactory().createParser(body);
             JsonGenerator copy = Json.mapper().getFactory().createGenerator(bytes)) {
            copy.setRootValueSeparator(null);
            try {
                List<MetricEnvelope> out = body(p, copy, bytes, now);
                if (p.nextToken() != null) {
                    throw new IngestException("body is not valid JSON: trailing " + p.currentToken()
                            + " after the value");
                }
                return out;
            } catch (IngestException refused) {
                // Read on: a syntax error later in the body is the first thing to fix.
                while (p.nextToken() != null) {
                    p.skipChildren();
                }
                throw refused;
            }
        } catch (JacksonException e) {
            throw new IngestException("body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IngestException("body could not be read: " + e.getMessage());
        }
    }

    private List<MetricEnvelope> body(JsonParser p, JsonGenerator copy, ByteArrayBuilder bytes, Instant now)
            throws IOException, IngestException {
        JsonToken root = p.nextToken();
        if (root == null) {
            throw new IngestException("body is empty: send one envelope or an array of envelopes");
        }
        if (root == JsonToken.START_OBJECT) {
            return List.of(envelope(p, copy, bytes, "", now));
        }
        if (root != JsonToken.START_ARRAY) {
            throw new IngestException("body must be an envelope object or an array of envelopes, not "
                    + kind(root));
        }
        List<MetricEnvelope> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            String where = "envelope [" + out.size() + "]: ";
            if (t != JsonToken.START_OBJECT) {
                throw new IngestException(where + "must be an object");
            }
            out.add(envelope(p, copy, bytes, where, now));
        }
        return out;
    }

    /** One envelope, the parser on its START_OBJECT. Every field is read before any is judged, as in a tree. */
    private MetricEnvelope envelope(JsonParser p, JsonGenerator copy, ByteArrayBuilder bytes, String where,
                                    Instant now) throws IOException, IngestException {
        Field type = null;
        Field timestamp = null;
        Field data = null;
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
            p.nextToken();
            switch (key) {
                case "metric_type" -> type = Field.scalar(p);
                case "timestamp" -> timestamp = Field.scalar(p);
                case "data" -> data = Field.data(p, copy, bytes);
                case "seq" -> throw new IngestException(where + "'seq' is assigned by the server; leave it out");
                default -> throw new IngestException(where + "unknown field '" + key
                        + "'; an envelope has metric_type, timestamp (optional) and data");
            }
        }
        return MetricEnvelope.ofJson(type(type, where), timestamp(timestamp, where, now), data(data, where));
    }

    private MetricType type(Field f, String where) throws IngestException {
        if (f == null || f.token() == JsonToken.VALUE_NULL) {
            throw new IngestException(where + "missing 'metric_type'; valid types: "
                    + String.join(", ", types.names()));
        }
        if (f.token() != JsonToken.VALUE_STRING) {
            throw new IngestException(where + "'metric_type' must be a string");
        }
        return types.find(f.text()).orElseThrow(() -> new IngestException(where + "unknown metric_type '"
                + f.text() + "'; valid types: " + String.join(", ", types.names())));
    }

    private static Instant timestamp(Field f, String where, Instant now) throws IngestException {
        if (f == null || f.token() == JsonToken.VALUE_NULL) {
            return now;
        }
        if (f.token() != JsonToken.VALUE_STRING) {
            throw new IngestException(where + "malformed timestamp " + f.text() + ": expected an ISO-8601 string");
        }
        try {
            return Timestamps.parse(f.text());
        } catch (IllegalArgumentException ex) {
            throw new IngestException(where + ex.getMessage());
        }
    }

    private static byte[] data(Field f, String where) throws IngestException {
        if (f == null) {
            throw new IngestException(where + "missing 'data': a JSON object or an array of objects");
        }
        if (f.json() == null) {
            throw new IngestException(where + "'data' must be a JSON object or an array of objects, not "
                    + kind(f.token()) + (f.token() == JsonToken.START_ARRAY ? " with non-object elements" : ""));
        }
        return f.json();
    }

    /** The kind of JSON value a token starts, as the error messages name it. */
    private static String kind(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /**
     * One envelope field as read: its first token, its text (a scalar's value, else the value as JSON), and for
     * {@code data} its compact JSON when it is an object or an array of objects (null when it is not).
     */
    private record Field(JsonToken token, String text, byte[] json) {
        /** A field whose value is judged later: a scalar's text, or a structure read whole (error messages). */
        static Field scalar(JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            if (t.isStructStart()) {
                StringWriter text = new StringWriter();
                try (JsonGenerator g = Json.mapper().getFactory().createGenerator(text)) {
                    g.copyCurrentStructure(p);
                }
                return new Field(t, text.toString(), null);
            }
            return new Field(t, p.getText(), null);
        }

        /** The data value, copied as compact JSON when valid; otherwise skipped and only its kind kept. */
        static Field data(JsonParser p, JsonGenerator copy, ByteArrayBuilder bytes) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.START_OBJECT) {
                copyStructure(p, copy);
                return new Field(t, null, take(copy, bytes));
            }
            if (t != JsonToken.START_ARRAY) {
                p.skipChildren();
                return new Field(t, null, null);
            }
            copy.writeStartArray();
            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                if (e != JsonToken.START_OBJECT) {
                    skipRestOfArray(p);
                    copy.writeEndArray();
                    take(copy, bytes);
                    return new Field(t, null, null);
                }
                copyStructure(p, copy);
            }
            copy.writeEndArray();
            return new Field(t, null, take(copy, bytes));
        }

        /**
         * Copies the object or array the parser is on, token by token, leaving the parser on its end. Numbers are
         * copied as the publisher wrote them (their text, already validated by the parser), not parsed into a
         * double and formatted again: that round trip was a third of the copy's cost, and it could change digits.
         */
        private static void copyStructure(JsonParser p, JsonGenerator copy) throws IOException {
            int depth = 0;
            JsonToken t = p.currentToken();
            while (true) {
                switch (t) {
                    case START_OBJECT -> {
                        copy.writeStartObject();
                        depth++;
                    }
                    case START_ARRAY -> {
                        copy.writeStartArray();
                        depth++;
                    }
                    case END_OBJECT -> {
                        copy.writeEndObject();
                        depth--;
                    }
                    case END_ARRAY -> {
                        copy.writeEndArray();
                        depth--;
                    }
                    case FIELD_NAME -> copy.writeFieldName(p.currentName());
                    case VALUE_STRING -> copy.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                            copy.writeNumber(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    case VALUE_TRUE -> copy.writeBoolean(true);
                    case VALUE_FALSE -> copy.writeBoolean(false);
                    case VALUE_NULL -> copy.writeNull();
                    default -> throw new IllegalStateException("unexpected token in a JSON value: " + t);
                }
                if (depth == 0) {
                    return;
                }
                t = p.nextToken();
            }
        }

        /** The parser on an element of an array: skips it and every element after it, ending on END_ARRAY. */
        private static void skipRestOfArray(JsonParser p) throws IOException {
            for (JsonToken e = p.currentToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                p.skipChildren();
            }
        }

        private static byte[] take(JsonGenerator copy, ByteArrayBuilder bytes) throws IOException {
            copy.flush();
            byte[] json = bytes.toByteArray();
            bytes.reset();
            return json;
        }
    }
}
