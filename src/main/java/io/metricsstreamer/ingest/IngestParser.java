package io.metricsstreamer.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.json.Timestamps;
import io.metricsstreamer.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses a {@code POST /api/metrics} body: one envelope ({@code metric_type}, optional {@code timestamp},
 * {@code data}) or an array of them. Every envelope is validated before any is returned, so a request is published
 * all or nothing. Unknown fields (including {@code seq}, which the server assigns) are refused. Thread-safe.
 *
 * <p>The body is read as a token stream, not a tree: each envelope's {@code data} is passed token by token and its
 * bytes copied out of the body as compact JSON (what {@link MetricEnvelope} keeps; see {@link ValueReader} and
 * {@link CompactJson}), so no tree is built and encoded again per metric, and no string is decoded. This class
 * holds the envelope rules and their error messages. The body is still judged as a whole: a syntax error anywhere
 * wins over a problem in an envelope before it, as it would had the body been parsed first.
 *
 * <p>The body must be UTF-8 (RFC 8259 §8.1: JSON exchanged between systems is UTF-8). A body in UTF-16 or UTF-32,
 * which Jackson would detect and read, is refused naming its encoding: the first bytes tell (a byte order mark, or
 * a zero byte among the first two, which UTF-8 JSON never has). A UTF-8 byte order mark is refused too: senders
 * must not add one (RFC 8259 §8.1), and a WebSocket message starting with one is refused as invalid JSON, so both
 * ways in take the same JSON.
 */
public final class IngestParser {
    /** Largest body accepted; larger ones are answered 413. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    /** Per thread: the key tracker, reused by every parse on that thread. */
    private static final Logger LOG = LoggerFactory.getLogger(IngestParser.class);

    private static final ThreadLocal<ObjectKeys> KEYS = ThreadLocal.withInitial(ObjectKeys::new);

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
        requireUtf8(body, offset, length);
        ObjectKeys keys = KEYS.get();
        keys.reset();
        JsonFactory json = Json.mapper().getFactory();
        try (JsonParser p = json.createParser(body, offset, length)) {
            // Duplicate keys are refused by ObjectKeys, with the same message, at a fraction of the cost.
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            ValueReader reader = new ValueReader(p, keys, body, offset);
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

    /** Refuses a body in UTF-16 or UTF-32, or with a byte order mark; a look at its first bytes. */
    private static void requireUtf8(byte[] body, int offset, int length) throws IngestException {
        String refusal = null;
        if (length >= 3 && (body[offset] & 0xFF) == 0xEF && (body[offset + 1] & 0xFF) == 0xBB
                && (body[offset + 2] & 0xFF) == 0xBF) {
            refusal = "body starts with a byte order mark: JSON here is UTF-8 without one (RFC 8259)";
        } else {
            String encoding = otherEncoding(body, offset, length);
            if (encoding != null) {
                refusal = "body is " + encoding + ": JSON here is UTF-8 only (RFC 8259); send it as UTF-8";
            }
        }
        if (refusal != null) {
            LOG.debug("ingest refused: {}", refusal);
            throw new IngestException(refusal);
        }
    }

    /**
     * The encoding of a JSON text in UTF-16 or UTF-32, told by its first bytes (its byte order mark, or where the
     * zero bytes of its first character, always ASCII in JSON, are); null for anything else, UTF-8 included.
     */
    static String otherEncoding(byte[] b, int offset, int length) {
        if (length < 2) {
            return null;
        }
        int b0 = b[offset] & 0xFF;
        int b1 = b[offset + 1] & 0xFF;
        boolean zeroPair = length >= 4 && b[offset + 2] == 0 && b[offset + 3] == 0;
        if (b0 == 0xFE && b1 == 0xFF) {
            return "UTF-16BE";
        }
        if (b0 == 0xFF && b1 == 0xFE || b0 != 0 && b1 == 0) {
            return zeroPair ? "UTF-32LE" : "UTF-16LE";
        }
        if (b0 == 0) {
            return b1 == 0 ? "UTF-32BE" : "UTF-16BE";
        }
        return null;
    }

    private List<MetricEnvelope> body(ValueReader r, Instant now) throws IOException, IngestException {
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
    private MetricEnvelope envelope(ValueReader r, int index, Instant now) throws IOException, IngestException {
        JsonParser p = r.parser;
        EnvelopeField type = null;
        EnvelopeField timestamp = null;
        EnvelopeField data = null;
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

    private MetricType type(EnvelopeField f, int index) throws IngestException {
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

    private static Instant timestamp(EnvelopeField f, int index, Instant now) throws IngestException {
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

    private static byte[] data(EnvelopeField f, int index) throws IngestException {
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
}
