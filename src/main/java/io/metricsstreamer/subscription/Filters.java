package io.metricsstreamer.subscription;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A client's filters: the agent ids it wants ({@code null}: no agent filter; empty: no agent record passes) and
 * the data fields it wants ({@code null}: every field). Immutable; equal filters are one "view", whose encoding is
 * shared by every client holding it. Set semantics: order and duplicates in the request do not make another view.
 */
public final class Filters {
    /** No filter at all: the client receives each metric as published. */
    public static final Filters NONE = new Filters(null, null);

    private final Set<String> agentIds;
    private final Set<String> fields;
    private final int hash;

    private Filters(Set<String> agentIds, Set<String> fields) {
        this.agentIds = agentIds;
        this.fields = fields;
        this.hash = 31 * (agentIds == null ? -1 : agentIds.hashCode()) + (fields == null ? -1 : fields.hashCode());
    }

    /** Filters from request lists; a null list means that filter is absent. */
    public static Filters of(List<String> agentIds, List<String> fields) {
        if (agentIds == null && fields == null) {
            return NONE;
        }
        return new Filters(copy(agentIds), copy(fields));
    }

    private static Set<String> copy(List<String> values) {
        return values == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(values));
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

    /** The wire form, for {@code filters_updated} and statistics: only the filters that are set. */
    public Map<String, Set<String>> toWire() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        if (agentIds != null) {
            m.put("agent_ids", agentIds);
        }
        if (fields != null) {
            m.put("fields", fields);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Filters f && f.hash == hash
                && java.util.Objects.equals(f.agentIds, agentIds) && java.util.Objects.equals(f.fields, fields);
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
