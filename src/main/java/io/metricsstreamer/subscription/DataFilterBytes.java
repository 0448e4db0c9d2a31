package io.metricsstreamer.subscription;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.metricsstreamer.json.Json;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

/**
 * {@link DataFilter} computed from a metric's JSON bytes instead of its tree. The data is read once as a token stream
 * into an {@link Index} (where each record, field and agent record is in the bytes); each view is then assembled from
 * slices of the input, so nothing is parsed into a tree and encoded again, however many views a metric has. The
 * result is the JSON of {@code DataFilter.apply(tree(data), filters)}, with values as the publisher wrote them. Where
 * it could decide differently from the tree version (an {@code agent_id} that is not a string, which the tree version
 * compares by its text form) it answers {@link #USE_TREE}. Stateless and thread-safe; an index is immutable once
 * made.
 */
public final class DataFilterBytes {
    /** The answer when the view must be computed from the tree ({@link DataFilter#apply}). */
    public static final byte[] USE_TREE = new byte[0];

    private static final JsonFactory FACTORY = Json.dataFactory();

    private DataFilterBytes() {
    }

    /** The view of {@code data} under {@code filters}: {@code apply(index(data), filters)}. */
    public static byte[] apply(byte[] data, Filters filters) {
        return filters.isNone() ? data : apply(index(data), filters);
    }

    /**
     * Reads {@code data} (a JSON object or array in UTF-8) once for any number of views; null when it cannot (then
     * every view comes from the tree).
     */
    public static Index index(byte[] data) {
        try (JsonParser p = FACTORY.createParser(data)) {
            JsonToken root = p.nextToken();
            if (start(p) < 0) {
                // Not UTF-8: the parser reads chars and knows no byte offsets.
                return null;
            }
            if (root == JsonToken.START_ARRAY) {
                return new Index(data, elements(p), null);
            }
            if (root == JsonToken.START_OBJECT) {
                return new Index(data, null, Rec.read(p, start(p), true));
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The view of the indexed data under {@code filters} as JSON bytes, null when nothing of it is delivered, or
     * {@link #USE_TREE} (always for a null index).
     */
    public static byte[] apply(Index index, Filters filters) {
        if (index == null) {
            return USE_TREE;
        }
        if (filters.isNone()) {
            return index.data;
        }
        Out out = new Out(index.data.length);
        boolean delivered = index.elements != null ? array(index, filters, out) : object(index, filters, out);
        if (out.useTree) {
            return USE_TREE;
        }
        return delivered ? out.toByteArray() : null;
    }

    /** A metric's data read once: its top-level records (or its one record) as offsets into its bytes. */
    public static final class Index {
        private final byte[] data;
        private final Rec[] elements;
        private final Rec record;

        private Index(byte[] data, Rec[] elements, Rec record) {
            this.data = data;
            this.elements = elements;
            this.record = record;
        }
    }

    /** A top-level array: agent filter, then projection of each record. */
    private static boolean array(Index index, Filters filters, Out out) {
        Set<String> ids = filters.agentIds();
        Set<String> fields = filters.fields();
        int agentKept = 0;
        int written = 0;
        out.put('[');
        for (Rec r : index.elements) {
            if (ids != null && !r.passes(ids, out)) {
                continue;
            }
            agentKept++;
            if (fields == null) {
                written = comma(out, written);
                out.put(index.data, r.start, r.end);
            } else if (r.isObject() && r.hasAny(fields)) {
                written = comma(out, written);
                r.writeProjection(out, index.data, fields, null);
            }
        }
        out.put(']');
        if (ids != null && agentKept == 0 && index.elements.length > 0) {
            return false;
        }
        return fields == null || written > 0;
    }

    /** A top-level record: its own agent, its {@code agents} member, then its projection. */
    private static boolean object(Index index, Filters filters, Out out) {
        Set<String> ids = filters.agentIds();
        Set<String> fields = filters.fields();
        Rec record = index.record;
        if (ids != null && !record.passes(ids, out)) {
            return false;
        }
        byte[] agents = ids != null && record.agentsIndex >= 0 ? record.filteredAgents(index.data, ids, out) : null;
        if (fields == null) {
            record.writeAll(out, index.data, agents);
            return true;
        }
        if (!record.hasAny(fields)) {
            return false;
        }
        record.writeProjection(out, index.data, fields, agents);
        return true;
    }

    /** Reads the elements of the array whose START_ARRAY the parser is at; objects are read as records. */
    private static Rec[] elements(JsonParser p) throws IOException {
        Rec[] out = new Rec[8];
        int n = 0;
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            int start = start(p);
            out[n++] = t == JsonToken.START_OBJECT ? Rec.read(p, start, false) : Rec.value(start, end(p, t));
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * One record (a JSON object) or other value, as offsets into the data: for a record, each field's name and
     * value, its {@code agent_id} and, for a top-level record, its {@code agents} member read the same way.
     */
    private static final class Rec {
        private static final String[] NO_NAMES = new String[0];
        private static final int[] NO_OFFSETS = new int[0];

        final int start;
        int end;
        String[] names = NO_NAMES;
        int[] nameStart = NO_OFFSETS;
        int[] valueStart = NO_OFFSETS;
        int[] valueEnd = NO_OFFSETS;
        int count = -1;
        boolean hasAgentId;
        String agentId;
        int agentsIndex = -1;
        /** The {@code agents} member's records when it is an array, or its members when it is an object. */
        Rec[] agentRecords;
        Rec agentsById;

        private Rec(int start) {
            this.start = start;
        }

        static Rec value(int start, int end) {
            Rec r = new Rec(start);
            r.end = end;
            return r;
        }

        /** Reads the record whose START_OBJECT the parser is at; a top-level one also reads its {@code agents}. */
        static Rec read(JsonParser p, int start, boolean topLevel) throws IOException {
            Rec r = new Rec(start);
            r.count = 0;
            r.names = new String[8];
            r.nameStart = new int[8];
            r.valueStart = new int[8];
            r.valueEnd = new int[8];
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
                    r.agentsById = read(p, r.valueStart[i], false);
                    r.valueEnd[i] = r.agentsById.end;
                } else {
                    r.valueEnd[i] = end(p, value);
                }
            }
            r.end = (int) p.currentLocation().getByteOffset();
            return r;
        }

        boolean isObject() {
            return count >= 0;
        }

        /**
         * Whether the agent filter keeps this value: it is not a record, has no agent id, or one in {@code ids}. An
         * agent id that is not a string sends the view to the tree version.
         */
        boolean passes(Set<String> ids, Out out) {
            if (!hasAgentId) {
                return true;
            }
            if (agentId == null) {
                out.useTree = true;
                return true;
            }
            return ids.contains(agentId);
        }

        /** This top-level record's {@code agents} member with only the agents in {@code ids}. */
        byte[] filteredAgents(byte[] data, Set<String> ids, Out out) {
            Out agents = new Out(valueEnd[agentsIndex] - valueStart[agentsIndex]);
            int written = 0;
            if (agentRecords != null) {
                agents.put('[');
                for (Rec r : agentRecords) {
                    if (r.passes(ids, out)) {
                        written = comma(agents, written);
                        agents.put(data, r.start, r.end);
                    }
                }
                agents.put(']');
            } else {
                agents.put('{');
                for (int i = 0; i < agentsById.count; i++) {
                    if (ids.contains(agentsById.names[i])) {
                        written = comma(agents, written);
                        agents.put(data, agentsById.nameStart[i], agentsById.valueEnd[i]);
                    }
                }
                agents.put('}');
            }
            return agents.toByteArray();
        }

        boolean hasAny(Set<String> fields) {
            for (int i = 0; i < count; i++) {
                if (fields.contains(names[i])) {
                    return true;
                }
            }
            return false;
        }

        void writeAll(Out out, byte[] data, byte[] agents) {
            out.put('{');
            for (int i = 0; i < count; i++) {
                writeField(out, data, i, agents, i > 0);
            }
            out.put('}');
        }

        /** The listed fields and {@code agent_id}, in their order. */
        void writeProjection(Out out, byte[] data, Set<String> fields, byte[] agents) {
            out.put('{');
            int written = 0;
            for (int i = 0; i < count; i++) {
                if (fields.contains(names[i]) || DataFilter.AGENT_ID.equals(names[i])) {
                    writeField(out, data, i, agents, written++ > 0);
                }
            }
            out.put('}');
        }

        private void writeField(Out out, byte[] data, int i, byte[] agents, boolean comma) {
            if (comma) {
                out.put(',');
            }
            if (i == agentsIndex && agents != null) {
                out.put(data, nameStart[i], valueStart[i]);
                out.put(agents, 0, agents.length);
            } else {
                out.put(data, nameStart[i], valueEnd[i]);
            }
        }

        private void grow() {
            int n = names.length * 2;
            names = Arrays.copyOf(names, n);
            nameStart = Arrays.copyOf(nameStart, n);
            valueStart = Arrays.copyOf(valueStart, n);
            valueEnd = Arrays.copyOf(valueEnd, n);
        }
    }

    private static int comma(Out out, int written) {
        if (written > 0) {
            out.put(',');
        }
        return written + 1;
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

    /** A growing byte array, and whether the view it holds must come from the tree instead. */
    private static final class Out {
        private byte[] bytes;
        private int size;
        boolean useTree;

        Out(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        void put(char c) {
            ensure(1);
            bytes[size++] = (byte) c;
        }

        void put(byte[] from, int start, int end) {
            int n = end - start;
            ensure(n);
            System.arraycopy(from, start, bytes, size, n);
            size += n;
        }

        private void ensure(int n) {
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }
}
