package io.metricsstreamer.subscription;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * Builds a {@link DataFilterBytes.Index}: reads a metric's data once as a token stream, noting where each record,
 * field and agent record starts and ends in the bytes ({@link IndexedRecord}), without building a tree. Only the
 * names of fields and the text of {@code agent_id}s are taken as strings. Stateless; the parser is the caller's.
 */
final class IndexReader {
    private IndexReader() {
    }

    /**
     * Reads {@code data} from the parser created over it, which is before its first token; null when the data is
     * neither an object nor an array, or not UTF-8.
     */
    static DataFilterBytes.Index read(JsonParser p, byte[] data) throws IOException {
        JsonToken root = p.nextToken();
        if (start(p) < 0) {
            // Not UTF-8: the parser reads chars and knows no byte offsets.
            return null;
        }
        if (root == JsonToken.START_ARRAY) {
            return new DataFilterBytes.Index(data, elements(p), null);
        }
        if (root == JsonToken.START_OBJECT) {
            return new DataFilterBytes.Index(data, null, record(p, start(p), true));
        }
        return null;
    }

    /** Reads the elements of the array whose START_ARRAY the parser is at; objects are read as records. */
    static IndexedRecord[] elements(JsonParser p) throws IOException {
        IndexedRecord[] out = new IndexedRecord[8];
        int n = 0;
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            int start = start(p);
            out[n++] = t == JsonToken.START_OBJECT ? record(p, start, false) : IndexedRecord.value(start, end(p, t));
        }
        return Arrays.copyOf(out, n);
    }

    /** Reads the record whose START_OBJECT the parser is at; a top-level one also reads its {@code agents}. */
    static IndexedRecord record(JsonParser p, int start, boolean topLevel) throws IOException {
        IndexedRecord r = IndexedRecord.object(start);
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_OBJECT; ) {
            if (r.count == r.names.length) {
                r.grow();
            }
            int i = r.count++;
            String name = p.currentName();
            r.names[i] = name;
            r.nameStart[i] = start(p);
            JsonToken value = p.nextToken();
            r.valueStart[i] = start(p);
            if (DataFilter.AGENT_ID.equals(name)) {
                r.hasAgentId = true;
                r.agentId = value == JsonToken.VALUE_STRING ? p.getText() : null;
                r.valueEnd[i] = end(p, value);
            } else if (topLevel && DataFilter.AGENTS.equals(name) && value == JsonToken.START_ARRAY) {
                r.agentsIndex = i;
                r.agentRecords = elements(p);
                r.valueEnd[i] = (int) p.currentLocation().getByteOffset();
            } else if (topLevel && DataFilter.AGENTS.equals(name) && value == JsonToken.START_OBJECT) {
                r.agentsIndex = i;
                r.agentsById = record(p, r.valueStart[i], false);
                r.valueEnd[i] = r.agentsById.end;
            } else {
                r.valueEnd[i] = end(p, value);
            }
        }
        r.end = (int) p.currentLocation().getByteOffset();
        return r;
    }

    /** Where the current token starts in the input. */
    private static int start(JsonParser p) {
        return (int) p.currentTokenLocation().getByteOffset();
    }

    /** Passes the value at the parser (whose token is {@code t}); returns where it ends in the input. */
    private static int end(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
        } else {
            p.finishToken();
        }
        return (int) p.currentLocation().getByteOffset();
    }
}
