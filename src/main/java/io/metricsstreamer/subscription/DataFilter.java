package io.metricsstreamer.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.model.MetricType;
import java.util.Map;
import java.util.Set;

/**
 * The pure function from a metric's {@code data} and a client's {@link Filters} to the data that client receives,
 * or {@code null} when the metric is not delivered to it. Never modifies its input (published data is shared by
 * every client); returns the input itself when the filters change nothing.
 *
 * <p>Agent filter: a record is agent-scoped when it is an object with {@code agent_id}. In an array only the
 * agent-scoped records in the set are kept (others stay); an agent-scoped object outside the set is not delivered;
 * an {@code agents} member (array of records, or object keyed by agent id) is filtered the same way. A metric whose
 * array loses every record is not delivered.
 *
 * <p>Field projection: each record keeps only the listed keys plus {@code agent_id}; a record left with none of the
 * listed keys is dropped, and a metric left with nothing is not delivered. With fields per type, the metric's type
 * decides which list applies ({@link Filters#fieldsFor}); a type not named is not projected.
 */
public final class DataFilter {
    /** The key that makes a record agent-scoped; always kept by a field projection. */
    public static final String AGENT_ID = "agent_id";
    /** The member of an object that holds per-agent records. */
    public static final String AGENTS = "agents";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DataFilter() {
    }

    /**
     * The view of {@code data} under {@code filters}, whose fields (if any) are one list for every type, or null
     * when nothing of it is delivered.
     *
     * @throws IllegalArgumentException when the filters' fields are per type: then the view depends on the type
     */
    public static JsonNode apply(JsonNode data, Filters filters) {
        if (filters.hasFieldsByType()) {
            throw new IllegalArgumentException("fields per type need the metric's type: " + filters);
        }
        return apply(data, filters.agentIds(), filters.fields());
    }

    /** The view of {@code data}, a metric of {@code type}, under {@code filters}, or null when nothing is delivered. */
    public static JsonNode apply(JsonNode data, MetricType type, Filters filters) {
        return apply(data, filters.agentIds(), filters.fieldsFor(type));
    }

    private static JsonNode apply(JsonNode data, Set<String> agentIds, Set<String> fields) {
        JsonNode out = data;
        if (agentIds != null) {
            out = filterAgents(out, agentIds);
            if (out == null) {
                return null;
            }
        }
        if (fields != null) {
            out = project(out, fields);
        }
        return out;
    }

    private static JsonNode filterAgents(JsonNode data, Set<String> ids) {
        if (data.isArray()) {
            ArrayNode kept = keepAgents((ArrayNode) data, ids);
            return kept.isEmpty() && !data.isEmpty() ? null : kept;
        }
        if (!data.isObject()) {
            return data;
        }
        JsonNode agentId = data.get(AGENT_ID);
        if (agentId != null && !ids.contains(agentId.asText())) {
            return null;
        }
        JsonNode agents = data.get(AGENTS);
        if (agents == null || !(agents.isArray() || agents.isObject())) {
            return data;
        }
        JsonNode filtered = agents.isArray() ? keepAgents((ArrayNode) agents, ids) : keepKeys((ObjectNode) agents, ids);
        if (filtered == agents) {
            return data;
        }
        ObjectNode copy = ((ObjectNode) data).deepCopy();
        copy.set(AGENTS, filtered);
        return copy;
    }

    private static ArrayNode keepAgents(ArrayNode records, Set<String> ids) {
        ArrayNode kept = null;
        for (int i = 0; i < records.size(); i++) {
            JsonNode r = records.get(i);
            JsonNode agentId = r.isObject() ? r.get(AGENT_ID) : null;
            boolean keep = agentId == null || ids.contains(agentId.asText());
            if (!keep && kept == null) {
                kept = NODES.arrayNode(records.size());
                for (int j = 0; j < i; j++) {
                    kept.add(records.get(j));
                }
            } else if (keep && kept != null) {
                kept.add(r);
            }
        }
        return kept == null ? records : kept;
    }

    private static ObjectNode keepKeys(ObjectNode byAgent, Set<String> ids) {
        ObjectNode kept = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : byAgent.properties()) {
            if (ids.contains(e.getKey())) {
                kept.set(e.getKey(), e.getValue());
            }
        }
        return kept.size() == byAgent.size() ? byAgent : kept;
    }

    private static JsonNode project(JsonNode data, Set<String> fields) {
        if (data.isObject()) {
            return projectRecord((ObjectNode) data, fields);
        }
        if (!data.isArray()) {
            return data;
        }
        ArrayNode out = NODES.arrayNode(data.size());
        for (JsonNode r : data) {
            JsonNode p = r.isObject() ? projectRecord((ObjectNode) r, fields) : null;
            if (p != null) {
                out.add(p);
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static ObjectNode projectRecord(ObjectNode record, Set<String> fields) {
        ObjectNode out = NODES.objectNode();
        boolean any = false;
        for (Map.Entry<String, JsonNode> e : record.properties()) {
            if (fields.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue());
                any = true;
            } else if (AGENT_ID.equals(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        }
        return any ? out : null;
    }
}
