package io.metricsstreamer.subscription;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

/**
 * {@link DataFilter} computed from a metric's JSON bytes instead of its tree: the data is read as a token stream, and
 * the view is assembled from slices of the input (each kept field or record copied as it was written), so nothing is
 * parsed into a tree and encoded again. The result is the JSON of {@code DataFilter.apply(tree(data), filters)}, with
 * values as the publisher wrote them. Where it could decide differently from the tree version (an {@code agent_id}
 * that is not a string, which the tree version compares by its text form) it answers {@link #USE_TREE}. Stateless and
 * thread-safe.
 */
public final class DataFilterBytes {
    /** The answer when the view must be computed from the tree ({@link DataFilter#apply}). */
    public static final byte[] USE_TREE = new byte[0];

    private static final JsonFactory FACTORY = new JsonFactory();

    private DataFilterBytes() {
    }

    /** Thrown inside to leave for the tree version. */
    private static final class UseTree extends Exception {
        private static final UseTree INSTANCE = new UseTree();

        private UseTree() {
            super(null, null, false, false);
        }
    }

    /**
     * The view of {@code data} (a JSON object or array) under {@code filters} as JSON bytes, null when nothing of it
     * is delivered, or {@link #USE_TREE}.
     */
    public static byte[] apply(byte[] data, Filters filters) {
        if (filters.isNone()) {
            return data;
        }
        try (JsonParser p = FACTORY.createParser(data)) {
            Out out = new Out(data.length);
            JsonToken root = p.nextToken();
            boolean delivered;
            if (root == JsonToken.START_ARRAY) {
                delivered = array(p, data, filters, out);
            } else if (root == JsonToken.START_OBJECT) {
                delivered = object(p, data, filters, out);
            } else {
                return USE_TREE;
            }
            return delivered ? out.toByteArray() : null;
        } catch (UseTree | IOException | RuntimeException e) {
            return USE_TREE;
        }
    }

    /** A top-level array of records: agent filter, then projection of each record. */
    private static boolean array(JsonParser p, byte[] data, Filters filters, Out out) throws IOException, UseTree {
        Set<String> ids = filters.agentIds();
        Set<String> fields = filters.fields();
        Fields record = new Fields();
        int input = 0;
        int agentKept = 0;
        int written = 0;
        out.put('[');
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
            input++;
            int start = start(p);
            if (t != JsonToken.START_OBJECT) {
                int end = end(p, t);
                agentKept++;
                if (fields == null) {
                    written = comma(out, written);
                    out.put(data, start, end);
                }
                continue;
            }
            record.read(p, data, null);
            if (ids != null && !record.passes(ids)) {
                continue;
            }
            agentKept++;
            if (fields == null) {
                written = comma(out, written);
                out.put(data, start, record.end);
            } else if (record.hasAny(fields)) {
                written = comma(out, written);
                record.writeProjection(out, data, fields, null);
            }
        }
        out.put(']');
        if (ids != null && agentKept == 0 && input > 0) {
            return false;
        }
        return fields == null || written > 0;
    }

    /** A top-level record: its own agent, its {@code agents} member, then its projection. */
    private static boolean object(JsonParser p, byte[] data, Filters filters, Out out) throws IOException, UseTree {
        Set<String> ids = filters.agentIds();
        Set<String> fields = filters.fields();
        Fields record = new Fields();
        Out agents = ids == null ? null : new Out(64);
        record.read(p, data, agents == null ? null : new AgentsFilter(ids, agents));
        if (ids != null && !record.passes(ids)) {
            return false;
        }
        byte[] filteredAgents = agents != null && record.agentsFiltered ? agents.toByteArray() : null;
        if (fields == null) {
            record.writeAll(out, data, filteredAgents);
            return true;
        }
        if (!record.hasAny(fields)) {
            return false;
        }
        record.writeProjection(out, data, fields, filteredAgents);
        return true;
    }

    /** Filters an {@code agents} member by agent id while its record is read. */
    private record AgentsFilter(Set<String> ids, Out out) {
        /** Filters the value at the parser (an array or object); returns its end offset. */
        int filter(JsonParser p, byte[] data, JsonToken t) throws IOException, UseTree {
            int written = 0;
            if (t == JsonToken.START_ARRAY) {
                out.put('[');
                Fields inner = new Fields();
                for (JsonToken e; (e = p.nextToken()) != JsonToken.END_ARRAY; ) {
                    int start = start(p);
                    int end;
                    if (e == JsonToken.START_OBJECT) {
                        inner.read(p, data, null);
                        end = inner.end;
                        if (!inner.passes(ids)) {
                            continue;
                        }
                    } else {
                        end = end(p, e);
                    }
                    written = comma(out, written);
                    out.put(data, start, end);
                }
                out.put(']');
            } else {
                out.put('{');
                for (JsonToken e; (e = p.nextToken()) != JsonToken.END_OBJECT; ) {
                    int nameStart = start(p);
                    String id = p.currentName();
                    JsonToken value = p.nextToken();
                    int end = end(p, value);
                    if (ids.contains(id)) {
                        written = comma(out, written);
                        out.put(data, nameStart, end);
                    }
                }
                out.put('}');
            }
            return (int) p.currentLocation().getByteOffset();
        }
    }

    /** The fields of one record as offsets into the input, read once and reused. */
    private static final class Fields {
        String[] names = new String[8];
        int[] nameStart = new int[8];
        int[] valueStart = new int[8];
        int[] valueEnd = new int[8];
        int count;
        int end;
        boolean hasAgentId;
        String agentId;
        int agentsIndex;
        boolean agentsFiltered;

        /** Reads the record whose START_OBJECT the parser is at, filtering its {@code agents} with {@code agents}. */
        void read(JsonParser p, byte[] data, AgentsFilter agents) throws IOException, UseTree {
            count = 0;
            hasAgentId = false;
            agentId = null;
            agentsIndex = -1;
            agentsFiltered = false;
            for (JsonToken t; (t = p.nextToken()) != JsonToken.END_OBJECT; ) {
                if (count == names.length) {
                    grow();
                }
                String name = p.currentName();
                names[count] = name;
                nameStart[count] = start(p);
                JsonToken value = p.nextToken();
                valueStart[count] = start(p);
                if (DataFilter.AGENT_ID.equals(name)) {
                    hasAgentId = true;
                    if (value == JsonToken.VALUE_STRING) {
                        agentId = p.getText();
                    }
                    valueEnd[count] = end(p, value);
                } else if (agents != null && DataFilter.AGENTS.equals(name)
                        && (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT)) {
                    agentsIndex = count;
                    agentsFiltered = true;
                    valueEnd[count] = agents.filter(p, data, value);
                } else {
                    valueEnd[count] = end(p, value);
                }
                count++;
            }
            end = (int) p.currentLocation().getByteOffset();
        }

        /** Whether the agent filter keeps this record: it has no agent id, or one in {@code ids}. */
        boolean passes(Set<String> ids) throws UseTree {
            if (!hasAgentId) {
                return true;
            }
            if (agentId == null) {
                throw UseTree.INSTANCE;
            }
            return ids.contains(agentId);
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

    /** A growing byte array. */
    private static final class Out {
        private byte[] bytes;
        private int size;

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
