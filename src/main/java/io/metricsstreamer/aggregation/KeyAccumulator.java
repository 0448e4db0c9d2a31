package io.metricsstreamer.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.model.MetricType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One key's metrics in one window. Their data takes one of three shapes: an object (aggregated as one record), an
 * array (each object in it aggregated per {@code agent_id}, the records without one together, in the order each
 * agent first appeared; anything else in the array is left out), or anything else (the newest is kept). Should the
 * shape change within a window, the newest shape starts over. Confined to its aggregator's thread.
 */
final class KeyAccumulator {
    private static final String NO_AGENT = "";

    private final MetricType type;
    private long count;
    private long fromSeq;
    private long toSeq;
    private RecordAccumulator object;
    private Map<String, RecordAccumulator> agents;
    private JsonNode other;

    KeyAccumulator(MetricType type) {
        this.type = type;
    }

    /** Adds one metric's data, newer than those before. */
    void add(long seq, JsonNode data) {
        if (count == 0) {
            fromSeq = seq;
        }
        count++;
        toSeq = seq;
        if (data.isObject()) {
            if (object == null) {
                object = new RecordAccumulator();
                agents = null;
                other = null;
            }
            object.add((ObjectNode) data);
        } else if (data.isArray()) {
            if (agents == null) {
                agents = new LinkedHashMap<>();
                object = null;
                other = null;
            }
            for (JsonNode record : data) {
                if (record.isObject()) {
                    JsonNode id = record.get("agent_id");
                    String agent = id != null && id.isTextual() ? id.textValue() : NO_AGENT;
                    agents.computeIfAbsent(agent, a -> new RecordAccumulator()).add((ObjectNode) record);
                }
            }
        } else {
            object = null;
            agents = null;
            other = data;
        }
    }

    /** The window's aggregate for this key. */
    AggregateResult result(AggregationSpec spec) {
        JsonNode data;
        if (object != null) {
            data = object.result(spec);
        } else if (agents != null) {
            ArrayNode records = JsonNodeFactory.instance.arrayNode(agents.size());
            agents.values().forEach(r -> records.add(r.result(spec)));
            data = records;
        } else {
            data = other;
        }
        return new AggregateResult(type, data, count, fromSeq, toSeq);
    }
}
