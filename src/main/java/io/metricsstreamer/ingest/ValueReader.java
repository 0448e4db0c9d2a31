package io.metricsstreamer.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.metricsstreamer.json.Json;
import java.io.IOException;
import java.io.StringWriter;

/**
 * The token-level half of one {@link IngestParser} parse: reads the value of an envelope field off the body's token
 * stream (a scalar's text, {@code data} copied as compact JSON, or a value skipped), and follows every object it
 * passes through in {@link ObjectKeys}, refusing a duplicate key as Jackson's strict mode would. The envelope rules
 * and their error messages stay in {@link IngestParser}. One instance per parse, on the parsing thread; the key
 * tracker is the thread's, reused parse after parse.
 */
final class ValueReader {
    final JsonParser parser;
    final ObjectKeys keys;
    private final byte[] body;
    /** Where the body starts in {@link #body}; the parser's byte offsets count from there. */
    private final int base;

    /**
     * @param parser the body's token stream, created over {@code body} from {@code base}
     * @param keys   the keys of the open objects, reset for this parse
     * @param body   the array the body is in
     * @param base   where the body starts in it
     */
    ValueReader(JsonParser parser, ObjectKeys keys, byte[] body, int base) {
        this.parser = parser;
        this.keys = keys;
        this.body = body;
        this.base = base;
    }

    /** Refuses a key the innermost open object already has, with the message Jackson's strict mode gives. */
    void checkKey(String key) throws JsonParseException {
        if (!keys.add(key)) {
            throw new JsonParseException(parser, "Duplicate field '" + key + "'");
        }
    }

    /** A field whose value is judged later: a scalar's text, or a structure read whole (error messages). */
    EnvelopeField scalar() throws IOException {
        JsonToken t = parser.currentToken();
        if (t.isStructStart()) {
            StringWriter text = new StringWriter();
            try (JsonGenerator g = Json.mapper().getFactory().createGenerator(text)) {
                copyStructure(parser, g);
            }
            return new EnvelopeField(t, text.toString(), null);
        }
        return new EnvelopeField(t, parser.getText(), null);
    }

    /**
     * The data value, copied as compact JSON when valid (an object, or an array of objects); otherwise skipped and
     * only its kind kept. The value is passed token by token, its keys checked and its strings validated but not
     * decoded, then copied from the body's bytes ({@link CompactJson}).
     */
    EnvelopeField data() throws IOException {
        JsonToken t = parser.currentToken();
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            skipValue();
            return new EnvelopeField(t, null, null);
        }
        int start = base + (int) parser.currentTokenLocation().getByteOffset();
        if (t == JsonToken.START_OBJECT) {
            skipValue();
        } else {
            for (JsonToken e = parser.nextToken(); e != JsonToken.END_ARRAY; e = parser.nextToken()) {
                if (e != JsonToken.START_OBJECT) {
                    skipRestOfArray();
                    return new EnvelopeField(t, null, null);
                }
                skipValue();
            }
        }
        int end = base + (int) parser.currentLocation().getByteOffset();
        return new EnvelopeField(t, null, CompactJson.copy(body, start, end));
    }

    /**
     * Copies the object or array the parser is on to {@code out}, token by token, leaving the parser on its
     * end. Numbers are copied as the publisher wrote them (their text, already validated by the parser), not
     * parsed into a double and formatted again: that round trip could change digits, and it was a large part of the
     * copy's cost (measured: docs/benchmarks/LOG.md).
     */
    private void copyStructure(JsonParser p, JsonGenerator out) throws IOException {
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
}
