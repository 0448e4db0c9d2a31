package io.metricsstreamer.subscription;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A client's filters: the agent ids it wants ({@code null}: no agent filter; empty: no agent record passes) and
 * the data fields it wants ({@code null}: every field). Immutable; equal filters are one "view", whose encoding is
 * shared by every client holding it. Set semantics: order and duplicates in the request do not make another view.
 * Kept compactly, since every client holds its own: each list once in request order (for the echo), and an
 * immutable open-addressing set over the same strings for lookups, with no node per value.
 */
public final class Filters {
    /** No filter at all: the client receives each metric as published. */
    public static final Filters NONE = new Filters(null, null);

    private final List<String> agentIdList;
    private final Set<String> agentIds;
    private final List<String> fieldList;
    private final Set<String> fields;
    private final int hash;

    private Filters(List<String> agentIdList, List<String> fieldList) {
        this.agentIdList = agentIdList;
        this.agentIds = agentIdList == null ? null : Set.copyOf(agentIdList);
        this.fieldList = fieldList;
        this.fields = fieldList == null ? null : Set.copyOf(fieldList);
        this.hash = 31 * (agentIds == null ? -1 : agentIds.hashCode()) + (fields == null ? -1 : fields.hashCode());
    }

    /** Filters from request lists; a null list means that filter is absent. */
    public static Filters of(List<String> agentIds, List<String> fields) {
        if (agentIds == null && fields == null) {
            return NONE;
        }
        return new Filters(copy(agentIds), copy(fields));
    }

    /** The distinct values in request order, or null. */
    private static List<String> copy(List<String> values) {
        return values == null ? null : List.copyOf(new LinkedHashSet<>(values));
    }

    /** Whether this passes every metric unchanged. */
    public boolean isNone() {
        return agentIds == null && fields == null;
    }

    /** The agent ids kept, or null when there is no agent filter. */
    public Set<String> agentIds() {
        return agentIds;
    }

    /** The data fields kept, or null when there is no field projection. */
    public Set<String> fields() {
        return fields;
    }

    /**
     * The wire form, for {@code filters_updated} and statistics: only the filters that are set, each value once, in
     * the order the client first sent it.
     */
    public Map<String, List<String>> toWire() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (agentIdList != null) {
            m.put("agent_ids", agentIdList);
        }
        if (fieldList != null) {
            m.put("fields", fieldList);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Filters f && f.hash == hash
                && Objects.equals(f.agentIds, agentIds) && Objects.equals(f.fields, fields);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return toWire().toString();
    }
}
