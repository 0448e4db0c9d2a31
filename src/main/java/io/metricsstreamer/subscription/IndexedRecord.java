package io.metricsstreamer.subscription;

import java.util.Arrays;
import java.util.Set;

/**
 * One record (a JSON object) or other value of a metric's data, as offsets into the data's bytes: for a record, each
 * field's name and where its name and value start and end, its {@code agent_id} and, for a top-level record, its
 * {@code agents} member indexed the same way. Filled in by {@link IndexReader}, then only read (by
 * {@link ViewWriter}); part of an immutable {@link DataFilterBytes.Index}.
 */
final class IndexedRecord {
    private static final String[] NO_NAMES = new String[0];
    private static final int[] NO_OFFSETS = new int[0];

    final int start;
    int end;
    String[] names = NO_NAMES;
    int[] nameStart = NO_OFFSETS;
    int[] valueStart = NO_OFFSETS;
    int[] valueEnd = NO_OFFSETS;
    /** The record's number of fields; -1 for a value that is not a record. */
    int count = -1;
    boolean hasAgentId;
    /** The {@code agent_id} when it is a string, else null. */
    String agentId;
    /** The field index of a top-level record's {@code agents} member, or -1. */
    int agentsIndex = -1;
    /** The {@code agents} member's records when it is an array, or its members when it is an object. */
    IndexedRecord[] agentRecords;
    IndexedRecord agentsById;

    private IndexedRecord(int start) {
        this.start = start;
    }

    /** A value that is not a record: only where it starts and ends. */
    static IndexedRecord value(int start, int end) {
        IndexedRecord r = new IndexedRecord(start);
        r.end = end;
        return r;
    }

    /** A record starting at {@code start}, with room for its first fields; {@link IndexReader} fills it in. */
    static IndexedRecord object(int start) {
        IndexedRecord r = new IndexedRecord(start);
        r.count = 0;
        r.names = new String[8];
        r.nameStart = new int[8];
        r.valueStart = new int[8];
        r.valueEnd = new int[8];
        return r;
    }

    boolean isObject() {
        return count >= 0;
    }

    /** Whether one of the record's field names is in {@code fields}. */
    boolean hasAny(Set<String> fields) {
        for (int i = 0; i < count; i++) {
            if (fields.contains(names[i])) {
                return true;
            }
        }
        return false;
    }

    /** Doubles the room for fields, while the record is read. */
    void grow() {
        int n = names.length * 2;
        names = Arrays.copyOf(names, n);
        nameStart = Arrays.copyOf(nameStart, n);
        valueStart = Arrays.copyOf(valueStart, n);
        valueEnd = Arrays.copyOf(valueEnd, n);
    }
}
