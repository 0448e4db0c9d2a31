package io.metricsstreamer.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * One stream of JSON objects in one window (a key's agent-scoped objects, or one agent's records): the newest object,
 * and an accumulator per top-level numeric field. Its result is the newest object with each of its numeric fields
 * replaced by the window's aggregate of that field (over the objects where the field was a number). Confined to its
 * aggregator's thread.
 */
final class RecordAccumulator {
    private final Map<String, NumberAccumulator> numbers = new HashMap<>();
    private ObjectNode newest;

    /** Adds one object, newer than those before. */
    void add(ObjectNode record) {
        newest = record;
        for (Map.Entry<String, JsonNode> field : record.properties()) {
            if (field.getValue().isNumber()) {
                numbers.computeIfAbsent(field.getKey(), k -> new NumberAccumulator()).add(field.getValue());
            }
        }
    }

    /** The newest object, its numeric fields aggregated by {@code spec}. */
    ObjectNode result(AggregationSpec spec) {
        ObjectNode out = newest.deepCopy();
        for (Map.Entry<String, JsonNode> field : newest.properties()) {
            NumberAccumulator values = numbers.get(field.getKey());
            if (field.getValue().isNumber() && values != null) {
                out.set(field.getKey(), values.result(spec.functionOf(field.getKey())));
            }
        }
        return out;
    }
}
