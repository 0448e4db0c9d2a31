package io.metricsstreamer.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.model.MetricType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds the metrics of one window into one {@link AggregateResult} per key, by an {@link AggregationSpec}. The key is
 * the metric type, with the {@code agent_id} of the data when the data is an object holding a string one (as in
 * latest mode); an array of agent records is one key, aggregated per agent inside. Results come in the order each
 * key first appeared in the window. Confined to the thread that feeds it.
 */
public final class WindowAggregator {
    private final AggregationSpec spec;
    private final Map<Key, KeyAccumulator> keys = new LinkedHashMap<>();

    private record Key(MetricType type, String agent) {
    }

    /** An empty window under {@code spec}. */
    public WindowAggregator(AggregationSpec spec) {
        this.spec = spec;
    }

    /** The spec. */
    public AggregationSpec spec() {
        return spec;
    }

    /** Adds one metric (seqs increase from one call to the next). */
    public void add(MetricType type, long seq, JsonNode data) {
        JsonNode id = data.isObject() ? data.get("agent_id") : null;
        Key key = new Key(type, id != null && id.isTextual() ? id.textValue() : null);
        keys.computeIfAbsent(key, k -> new KeyAccumulator(type)).add(seq, data);
    }

    /** Whether the window holds no metric. */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The window's results, one per key, and a new empty window. */
    public List<AggregateResult> drain() {
        List<AggregateResult> out = new ArrayList<>(keys.size());
        keys.values().forEach(k -> out.add(k.result(spec)));
        keys.clear();
        return out;
    }
}
