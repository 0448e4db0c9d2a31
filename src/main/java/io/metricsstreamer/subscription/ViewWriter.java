package io.metricsstreamer.subscription;

import java.util.Set;

/**
 * Cuts one filtered view from a {@link DataFilterBytes.Index}: applies {@link DataFilter}'s rules (agent filter, then
 * field projection) record by record and writes the view into a {@link ViewBuffer} as slices of the published bytes
 * joined by brackets and commas; nothing is encoded again. A top-level {@code agents} member filtered by agent is cut
 * the same way into a buffer of its own first. Stateless.
 */
final class ViewWriter {
    private ViewWriter() {
    }

    /**
     * A top-level array: agent filter ({@code ids}, null for none), then projection of each record ({@code fields},
     * null for none). Returns whether anything is delivered.
     */
    static boolean array(DataFilterBytes.Index index, Set<String> ids, Set<String> fields, ViewBuffer out) {
        int agentKept = 0;
        int written = 0;
        out.put('[');
        for (IndexedRecord r : index.elements) {
            if (ids != null && !passes(r, ids, out)) {
                continue;
            }
            agentKept++;
            if (fields == null) {
                written = comma(out, written);
                out.put(index.data, r.start, r.end);
            } else if (r.isObject() && r.hasAny(fields)) {
                written = comma(out, written);
                writeProjection(r, out, index.data, fields, null);
            }
        }
        out.put(']');
        if (ids != null && agentKept == 0 && index.elements.length > 0) {
            return false;
        }
        return fields == null || written > 0;
    }

    /**
     * A top-level record: its own agent, its {@code agents} member, then its projection. Returns whether anything is
     * delivered.
     */
    static boolean object(DataFilterBytes.Index index, Set<String> ids, Set<String> fields, ViewBuffer out) {
        IndexedRecord record = index.record;
        if (ids != null && !passes(record, ids, out)) {
            return false;
        }
        byte[] agents = ids != null && record.agentsIndex >= 0 ? filteredAgents(record, index.data, ids, out) : null;
        if (fields == null) {
            writeAll(record, out, index.data, agents);
            return true;
        }
        if (!record.hasAny(fields)) {
            return false;
        }
        writeProjection(record, out, index.data, fields, agents);
        return true;
    }

    /**
     * Whether the agent filter keeps this value: it is not a record, has no agent id, or one in {@code ids}. An
     * agent id that is not a string sends the view to the tree version.
     */
    private static boolean passes(IndexedRecord r, Set<String> ids, ViewBuffer out) {
        if (!r.hasAgentId) {
            return true;
        }
        if (r.agentId == null) {
            out.useTree = true;
            return true;
        }
        return ids.contains(r.agentId);
    }

    /** The top-level record {@code r}'s {@code agents} member with only the agents in {@code ids}. */
    private static byte[] filteredAgents(IndexedRecord r, byte[] data, Set<String> ids, ViewBuffer out) {
        ViewBuffer agents = new ViewBuffer(r.valueEnd[r.agentsIndex] - r.valueStart[r.agentsIndex]);
        int written = 0;
        if (r.agentRecords != null) {
            agents.put('[');
            for (IndexedRecord a : r.agentRecords) {
                if (passes(a, ids, out)) {
                    written = comma(agents, written);
                    agents.put(data, a.start, a.end);
                }
            }
            agents.put(']');
        } else {
            IndexedRecord byId = r.agentsById;
            agents.put('{');
            for (int i = 0; i < byId.count; i++) {
                if (ids.contains(byId.names[i])) {
                    written = comma(agents, written);
                    agents.put(data, byId.nameStart[i], byId.valueEnd[i]);
                }
            }
            agents.put('}');
        }
        return agents.toByteArray();
    }

    private static void writeAll(IndexedRecord r, ViewBuffer out, byte[] data, byte[] agents) {
        out.put('{');
        for (int i = 0; i < r.count; i++) {
            writeField(r, out, data, i, agents, i > 0);
        }
        out.put('}');
    }

    /** The listed fields and {@code agent_id}, in their order. */
    private static void writeProjection(IndexedRecord r, ViewBuffer out, byte[] data, Set<String> fields,
                                        byte[] agents) {
        out.put('{');
        int written = 0;
        for (int i = 0; i < r.count; i++) {
            if (fields.contains(r.names[i]) || DataFilter.AGENT_ID.equals(r.names[i])) {
                writeField(r, out, data, i, agents, written++ > 0);
            }
        }
        out.put('}');
    }

    /** Field {@code i} of {@code r}, its value replaced by {@code agents} when it is the filtered agents member. */
    private static void writeField(IndexedRecord r, ViewBuffer out, byte[] data, int i, byte[] agents,
                                   boolean comma) {
        if (comma) {
            out.put(',');
        }
        if (i == r.agentsIndex && agents != null) {
            out.put(data, r.nameStart[i], r.valueStart[i]);
            out.put(agents, 0, agents.length);
        } else {
            out.put(data, r.nameStart[i], r.valueEnd[i]);
        }
    }

    private static int comma(ViewBuffer out, int written) {
        if (written > 0) {
            out.put(',');
        }
        return written + 1;
    }
}
