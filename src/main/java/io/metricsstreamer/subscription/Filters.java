package io.metricsstreamer.subscription;

import io.metricsstreamer.model.MetricType;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A client's filters: the agent ids it wants ({@code null}: no agent filter; empty: no agent record passes) and
 * the data fields it wants, either for every type ({@code null}: every field) or per metric type (a type not named
 * passes whole). Immutable; equal filters are one "view", whose encoding is shared by every client holding it. Set
 * semantics: order and duplicates in the request do not make another view. Kept compactly, since every client holds
 * its own: each list once in request order (for the echo), and an immutable open-addressing set over the same
 * strings for lookups, with no node per value; per type, an array indexed by {@link MetricType#index()}.
 */
public final class Filters {
    /** No filter at all: the client receives each metric as published. */
    public static final Filters NONE = new Filters(null, null, null);

    private final List<String> agentIdList;
    private final Set<String> agentIds;
    private final List<String> fieldList;
    private final Set<String> fields;
    /** The per-type lists in the order the types were sent, or null when fields are not per type. */
    private final Map<MetricType, List<String>> fieldListsByType;
    /** By type index: the fields that type keeps, or null (it passes whole); null when fields are not per type. */
    private final Set<String>[] fieldsByType;
    private final int hash;

    private Filters(List<String> agentIdList, List<String> fieldList, Map<MetricType, List<String>> byType) {
        this.agentIdList = agentIdList;
        this.agentIds = agentIdList == null ? null : Set.copyOf(agentIdList);
        this.fieldList = fieldList;
        this.fields = fieldList == null ? null : Set.copyOf(fieldList);
        this.fieldListsByType = byType;
        this.fieldsByType = byType == null ? null : indexed(byType);
        int h = 31 * (agentIds == null ? -1 : agentIds.hashCode()) + (fields == null ? -1 : fields.hashCode());
        this.hash = 31 * h + Arrays.hashCode(fieldsByType);
    }

    @SuppressWarnings("unchecked")
    private static Set<String>[] indexed(Map<MetricType, List<String>> byType) {
        int length = 0;
        for (MetricType t : byType.keySet()) {
            length = Math.max(length, t.index() + 1);
        }
        Set<String>[] sets = (Set<String>[]) new Set<?>[length];
        byType.forEach((t, list) -> sets[t.index()] = Set.copyOf(list));
        return sets;
    }

    /** Filters from request lists; a null list means that filter is absent. */
    public static Filters of(List<String> agentIds, List<String> fields) {
        return of(agentIds, fields, null);
    }

    /**
     * Filters from a request: the agent ids, and the fields either as one list for every type or per type (not
     * both); null means that filter is absent. Per type, a type not named passes whole, so an empty map is no field
     * projection at all.
     *
     * @throws IllegalArgumentException when both {@code fields} and {@code fieldsByType} are given
     */
    public static Filters of(List<String> agentIds, List<String> fields, Map<MetricType, List<String>> fieldsByType) {
        if (fields != null && fieldsByType != null) {
            throw new IllegalArgumentException("fields are one list for every type or per type, not both");
        }
        Map<MetricType, List<String>> byType = fieldsByType == null || fieldsByType.isEmpty() ? null
                : copy(fieldsByType);
        if (agentIds == null && fields == null && byType == null) {
            return NONE;
        }
        return new Filters(copy(agentIds), copy(fields), byType);
    }

    /** The distinct values in request order, or null. */
    private static List<String> copy(List<String> values) {
        return values == null ? null : List.copyOf(new LinkedHashSet<>(values));
    }

    private static Map<MetricType, List<String>> copy(Map<MetricType, List<String>> byType) {
        Map<MetricType, List<String>> m = new LinkedHashMap<>();
        byType.forEach((t, list) -> m.put(t, copy(Objects.requireNonNull(list, "fields of " + t))));
        return Collections.unmodifiableMap(m);
    }

    /**
     * These filters with the agents cut down to {@code allowed} (a client's token's ceiling): the agent ids kept are
     * those of this filter that are allowed, in this filter's order, or, with no agent filter, the allowed ones in
     * their order; {@code allowed} null (no ceiling) leaves the filters as they are. The fields stay.
     */
    public Filters withAgentCeiling(List<String> allowed) {
        if (allowed == null) {
            return this;
        }
        List<String> agents = allowed;
        if (agentIdList != null) {
            Set<String> ceiling = Set.copyOf(allowed);
            agents = agentIdList.stream().filter(ceiling::contains).toList();
        }
        return of(agents, fieldList, fieldListsByType);
    }

    /** Whether this passes every metric unchanged. */
    public boolean isNone() {
        return agentIds == null && fields == null && fieldsByType == null;
    }

    /** Whether this passes every metric of {@code type} unchanged: no agent filter, and no fields for the type. */
    public boolean passesWhole(MetricType type) {
        return agentIds == null && fieldsFor(type) == null;
    }

    /** The agent ids kept, or null when there is no agent filter. */
    public Set<String> agentIds() {
        return agentIds;
    }

    /**
     * The data fields every type keeps, or null when there is no field projection for every type (none at all, or
     * per type: see {@link #fieldsFor}).
     */
    public Set<String> fields() {
        return fields;
    }

    /** Whether the fields are given per metric type. */
    public boolean hasFieldsByType() {
        return fieldsByType != null;
    }

    /** The per-type field lists, each value once, in the order sent; null when the fields are not per type. */
    public Map<MetricType, List<String>> fieldsByType() {
        return fieldListsByType;
    }

    /** The data fields a metric of {@code type} keeps, or null when its fields are not projected (it passes whole). */
    public Set<String> fieldsFor(MetricType type) {
        if (fieldsByType == null) {
            return fields;
        }
        int i = type.index();
        return i < fieldsByType.length ? fieldsByType[i] : null;
    }

    /**
     * The wire form, for {@code filters_updated} and statistics: only the filters that are set, each value once, in
     * the order the client first sent it. Each value is a list of strings, except per-type {@code fields}: an
     * object from the type's wire name to its list, in the order the types were sent.
     */
    public Map<String, Object> toWire() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (agentIdList != null) {
            m.put("agent_ids", agentIdList);
        }
        if (fieldList != null) {
            m.put("fields", fieldList);
        } else if (fieldListsByType != null) {
            Map<String, List<String>> byName = new LinkedHashMap<>();
            fieldListsByType.forEach((t, list) -> byName.put(t.name(), list));
            m.put("fields", byName);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Filters f && f.hash == hash && Objects.equals(f.agentIds, agentIds)
                && Objects.equals(f.fields, fields) && Arrays.equals(f.fieldsByType, fieldsByType);
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
