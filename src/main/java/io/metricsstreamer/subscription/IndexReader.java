package io.metricsstreamer.subscription;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * Builds a {@link DataFilterBytes.Index}: reads a metric's data once as a token stream, noting where each record,
 * field and agent record starts and ends in the bytes ({@link IndexedRecord}), without building a tree. Only the
 * names of fields and the text of {@code agent_id}s are taken as strings. Offsets are positions in the whole array,
 * though the data may be a slice of it (a metric's data inside its encoded frame): the parser counts from the slice's
 * start, so each is shifted by where the slice begins. One instance per read; the parser is the caller's.
 */
final class IndexReader {
    private final JsonParser p;
    /** Where the data starts in its array; the parser's offsets count from there. */
    private final int base;

    private IndexReader(JsonParser p, int base) {
        this.p = p;
        this.base = base;
    }

    /**
     * Reads the {@code length} bytes of {@code data} from {@code offset} with the parser created over that slice,
     * which is before its first token; null when the data is neither an object nor an array, or not UTF-8.
     */
    static DataFilterBytes.Index read(JsonParser p, byte[] data, int offset, int length) throws IOException {
        JsonToken root = p.nextToken();
        if (p.currentTokenLocation().getByteOffset() < 0) {
            // Not UTF-8: the parser reads chars and knows no byte offsets.
            return null;
        }
        IndexReader reader = new IndexReader(p, offset);
        if (root == JsonToken.START_ARRAY) {
            return new DataFilterBytes.Index(data, offset, length, reader.elements(), null);
        }
        if (root == JsonToken.START_OBJECT) {
            return new DataFilterBytes.Index(data, offset, length, null, reader.record(reader.start(), true));
        }
        return null;
    }

    /** Reads the elements of the array whose START_ARRAY the parser is at; objects are read as records. */
    private IndexedRecord[] elements() throws IOException {
        IndexedRecord[] out = new IndexedRecord[8];
        int n = 0;
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            int start = start();
            out[n++] = t == JsonToken.START_OBJECT ? record(start, false) : IndexedRecord.value(start, end(t));
        }
        return Arrays.copyOf(out, n);
    }

    /** Reads the record whose START_OBJECT the parser is at; a top-level one also reads its {@code agents}. */
    private IndexedRecord record(int start, boolean topLevel) throws IOException {
        IndexedRecord r = IndexedRecord.object(start);
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_OBJECT; ) {
            if (r.count == r.names.length) {
                r.grow();
            }
            int i = r.count++;
            String name = p.currentName();
            r.names[i] = name;
            r.nameStart[i] = start();
            JsonToken value = p.nextToken();
            r.valueStart[i] = start();
            if (DataFilter.AGENT_ID.equals(name)) {
                r.hasAgentId = true;
                r.agentId = value == JsonToken.VALUE_STRING ? p.getText() : null;
                r.valueEnd[i] = end(value);
            } else if (topLevel && DataFilter.AGENTS.equals(name) && value == JsonToken.START_ARRAY) {
                r.agentsIndex = i;
                r.agentRecords = elements();
                r.valueEnd[i] = position();
            } else if (topLevel && DataFilter.AGENTS.equals(name) && value == JsonToken.START_OBJECT) {
                r.agentsIndex = i;
                r.agentsById = record(r.valueStart[i], false);
                r.valueEnd[i] = r.agentsById.end;
            } else {
                r.valueEnd[i] = end(value);
            }
        }
        r.end = position();
        return r;
    }

    /** Where the current token starts in the array. */
    private int start() {
        return base + (int) p.currentTokenLocation().getByteOffset();
    }

    /** Where the parser is in the array: just past the token it read last. */
    private int position() {
        return base + (int) p.currentLocation().getByteOffset();
    }

    /** Passes the value at the parser (whose token is {@code t}); returns where it ends in the input. */
    private int end(JsonToken t) throws IOException {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
        } else {
            p.finishToken();
        }
        return position();
    }
}
