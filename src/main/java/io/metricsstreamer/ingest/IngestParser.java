package io.metricsstreamer.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.json.Timestamps;
import io.metricsstreamer.json.Json;
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

    /** Per thread: the copy buffer and the key tracker, reused by every parse on that thread. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** The index of the envelope of a body that is one envelope, not an array. */
    private static final int SINGLE = -1;

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
        return parse(body, 0, body.length, now);
    }

    /**
     * Parses the {@code length} bytes of {@code body} from {@code offset} (a buffer the caller reuses: nothing
     * returned refers to it); envelopes without a timestamp get {@code now}.
     *
     * @throws IngestException naming the first problem (and the envelope's index for arrays)
     */
    public List<MetricEnvelope> parse(byte[] body, int offset, int length, Instant now) throws IngestException {
        Scratch scratch = SCRATCH.get();
        scratch.bytes.reset();
        scratch.keys.reset();
        JsonFactory json = Json.mapper().getFactory();
        try (JsonParser p = json.createParser(body, offset, length);
             JsonGenerator copy = json.createGenerator(scratch.bytes)) {
            // Duplicate keys are refused by ObjectKeys, with the same message, at a fraction of the cost.
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            copy.setRootValueSeparator(null);
            Reader reader = new Reader(p, copy, scratch);
            try {
                List<MetricEnvelope> out = body(reader, now);
                if (p.nextToken() != null) {
                    throw new IngestException("body is not valid JSON: trailing " + p.currentToken()
                            + " after the value");
                }
                return out;
            } catch (IngestException refused) {
                // Read on: a syntax error later in the body is the first thing to fix.
                reader.skipRest();
                throw refused;
            }
        } catch (JacksonException e) {
            throw new IngestException("body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IngestException("body could not be read: " + e.getMessage());
        }
    }

    private List<MetricEnvelope> body(Reader r, Instant now) throws IOException, IngestException {
        JsonParser p = r.parser;
        JsonToken root = p.nextToken();
        if (root == null) {
            throw new IngestException("body is empty: send one envelope or an array of envelopes");
        }
        if (root == JsonToken.START_OBJECT) {
            return List.of(envelope(r, SINGLE, now));
        }
        if (root != JsonToken.START_ARRAY) {
            throw new IngestException("body must be an envelope object or an array of envelopes, not "
                    + kind(root));
        }
        List<MetricEnvelope> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT) {
                throw new IngestException(where(out.size()) + "must be an object");
            }
            out.add(envelope(r, out.size(), now));
        }
        return out;
    }

    /** One envelope, the parser on its START_OBJECT. Every field is read before any is judged, as in a tree. */
    private MetricEnvelope envelope(Reader r, int index, Instant now) throws IOException, IngestException {
        JsonParser p = r.parser;
        Field type = null;
        Field timestamp = null;
        Field data = null;
        r.keys.enter();
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
            r.checkKey(key);
            p.nextToken();
            switch (key) {
                case "metric_type" -> type = r.scalar();
                case "timestamp" -> timestamp = r.scalar();
                case "data" -> data = r.data();
                case "seq" -> throw new IngestException(where(index) + "'seq' is assigned by the server; leave it out");
                default -> throw new IngestException(where(index) + "unknown field '" + key
                        + "'; an envelope has metric_type, timestamp (optional) and data");
            }
        }
        r.keys.exit();
        return MetricEnvelope.ofJson(type(type, index), timestamp(timestamp, index, now), data(data, index));
    }

    private MetricType type(Field f, int index) throws IngestException {
        if (f == null || f.token() == JsonToken.VALUE_NULL) {
            throw new IngestException(where(index) + "missing 'metric_type'; valid types: "
                    + String.join(", ", types.names()));
        }
        if (f.token() != JsonToken.VALUE_STRING) {
            throw new IngestException(where(index) + "'metric_type' must be a string");
        }
        return types.find(f.text()).orElseThrow(() -> new IngestException(where(index) + "unknown metric_type '"
                + f.text() + "'; valid types: " + String.join(", ", types.names())));
    }

    private static Instant timestamp(Field f, int index, Instant now) throws IngestException {
        if (f == null || f.token() == JsonToken.VALUE_NULL) {
            return now;
        }
        if (f.token() != JsonToken.VALUE_STRING) {
            throw new IngestException(where(index) + "malformed timestamp " + f.text()
                    + ": expected an ISO-8601 string");
        }
        try {
            return Timestamps.parse(f.text());
        } catch (IllegalArgumentException ex) {
            throw new IngestException(where(index) + ex.getMessage());
        }
    }

    private static byte[] data(Field f, int index) throws IngestException {
        if (f == null) {
            throw new IngestException(where(index) + "missing 'data': a JSON object or an array of objects");
        }
        if (f.json() == null) {
            throw new IngestException(where(index) + "'data' must be a JSON object or an array of objects, not "
                    + kind(f.token()) + (f.token() == JsonToken.START_ARRAY ? " with non-object elements" : ""));
        }
        return f.json();
    }

    /** How an error names the envelope it is about: nothing for a body of one envelope, its index in an array. */
    private static String where(int index) {
        return index == SINGLE ? "" : "envelope [" + index + "]: ";
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
    }

    /** What one thread reuses from parse to parse: the bytes data is copied into, and the key tracker. */
    private static final class Scratch {
        final ByteArrayBuilder bytes = new ByteArrayBuilder(256);
        final ObjectKeys keys = new ObjectKeys();
    }

    /** One parse: the body's token stream, the generator data is copied with, and the keys of the open objects. */
    private static final class Reader {
        final JsonParser parser;
        final JsonGenerator copy;
        final ByteArrayBuilder bytes;
        final ObjectKeys keys;

        Reader(JsonParser parser, JsonGenerator copy, Scratch scratch) {
            this.parser = parser;
            this.copy = copy;
            this.bytes = scratch.bytes;
            this.keys = scratch.keys;
        }

        /** Refuses a key the innermost open object already has, with the message Jackson's strict mode gives. */
        void checkKey(String key) throws JsonParseException {
            if (!keys.add(key)) {
                throw new JsonParseException(parser, "Duplicate field '" + key + "'");
            }
        }

        /** A field whose value is judged later: a scalar's text, or a structure read whole (error messages). */
        Field scalar() throws IOException {
            JsonToken t = parser.currentToken();
            if (t.isStructStart()) {
                StringWriter text = new StringWriter();
                try (JsonGenerator g = Json.mapper().getFactory().createGenerator(text)) {
                    copyStructure(g);
                }
                return new Field(t, text.toString(), null);
            }
            return new Field(t, parser.getText(), null);
        }

        /** The data value, copied as compact JSON when valid; otherwise skipped and only its kind kept. */
        Field data() throws IOException {
            JsonToken t = parser.currentToken();
            if (t == JsonToken.START_OBJECT) {
                copyStructure(copy);
                return new Field(t, null, take());
            }
            if (t != JsonToken.START_ARRAY) {
                skipValue();
                return new Field(t, null, null);
            }
            copy.writeStartArray();
            for (JsonToken e = parser.nextToken(); e != JsonToken.END_ARRAY; e = parser.nextToken()) {
                if (e != JsonToken.START_OBJECT) {
                    skipRestOfArray();
                    copy.writeEndArray();
                    take();
                    return new Field(t, null, null);
                }
                copyStructure(copy);
            }
            copy.writeEndArray();
            return new Field(t, null, take());
        }

        /**
         * Copies the object or array the parser is on to {@code out}, token by token, leaving the parser on its
         * end. Numbers are copied as the publisher wrote them (their text, already validated by the parser), not
         * parsed into a double and formatted again: that round trip was a third of the copy's cost, and it could
         * change digits.
         */
        private void copyStructure(JsonGenerator out) throws IOException {
            JsonParser p = parser;
            int depth = 0;
            JsonToken t = p.currentToken();
            while (true) {
                switch (t) {
                    case START_OBJECT -> {
                        out.writeStartObject();
                        keys.enter();
                        depth++;
                    }
                    case START_ARRAY -> {
                        out.writeStartArray();
                        depth++;
                    }
                    case END_OBJECT -> {
                        out.writeEndObject();
                        keys.exit();
                        depth--;
                    }
                    case END_ARRAY -> {
                        out.writeEndArray();
                        depth--;
                    }
                    case FIELD_NAME -> {
                        String key = p.currentName();
                        checkKey(key);
                        out.writeFieldName(key);
                    }
                    case VALUE_STRING -> out.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                            out.writeNumber(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    case VALUE_TRUE -> out.writeBoolean(true);
                    case VALUE_FALSE -> out.writeBoolean(false);
                    case VALUE_NULL -> out.writeNull();
                    default -> throw new IllegalStateException("unexpected token in a JSON value: " + t);
                }
                if (depth == 0) {
                    return;
                }
                t = p.nextToken();
            }
        }

        /** The parser on an element of an array: skips it and every element after it, ending on END_ARRAY. */
        private void skipRestOfArray() throws IOException {
            for (JsonToken e = parser.currentToken(); e != JsonToken.END_ARRAY; e = parser.nextToken()) {
                skipValue();
            }
        }

        /**
         * Skips the value the parser is on, leaving it on the value's last token, still refusing a duplicate key
         * inside it, as Jackson's strict mode did while skipping.
         */
        private void skipValue() throws IOException {
            int depth = 0;
            for (JsonToken t = parser.currentToken(); ; t = parser.nextToken()) {
                track(t);
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                }
                if (depth == 0) {
                    return;
                }
            }
        }

        /**
         * Reads the rest of a refused body, still refusing a duplicate key anywhere in it (a JSON error, which wins
         * over the refusal). A refusal leaves the keys consistent with the parser: no object open, or the envelope
         * open with the keys read so far, and the parser on the token after the last key (the value of an unknown
         * field, which may open an object) or on a value trailing the body.
         */
        void skipRest() throws IOException {
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                keys.enter();
            }
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                track(t);
            }
        }

        /** Follows one skipped token for duplicate keys: an object opens or closes, or a key is checked. */
        private void track(JsonToken t) throws IOException {
            switch (t) {
                case START_OBJECT -> keys.enter();
                case END_OBJECT -> keys.exit();
                case FIELD_NAME -> {
                    if (keys.inObject()) {
                        checkKey(parser.currentName());
                    }
                }
                default -> {
                }
            }
        }

        private byte[] take() throws IOException {
            copy.flush();
            byte[] json = bytes.toByteArray();
            bytes.reset();
            return json;
        }
    }
}
