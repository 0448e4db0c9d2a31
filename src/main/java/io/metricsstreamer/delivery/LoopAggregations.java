package io.metricsstreamer.delivery;

import io.metricsstreamer.aggregation.AggregationSpec;
import io.metricsstreamer.subscription.Filters;
import java.util.HashMap;
import java.util.Map;

/**
 * The aggregation groups of one loop, by filters and spec: a client asking for an aggregation joins the group of
 * the clients that asked for the same thing, made with the first and dropped with the last. Part of
 * {@link LoopDeliveryState}; confined to its loop.
 */
final class LoopAggregations {
    private final Map<AggregationGroup.Key, AggregationGroup> groups = new HashMap<>();

    /** Adds {@code member} to the group of {@code filters} and {@code spec}, making it if needed. */
    AggregationGroup join(ClientSession member, Filters filters, AggregationSpec spec, LoopScheduler loop) {
        AggregationGroup.Key key = new AggregationGroup.Key(filters, spec);
        AggregationGroup group = groups.get(key);
        if (group == null) {
            group = new AggregationGroup(spec, loop, () -> groups.remove(key));
            groups.put(key, group);
        }
        group.join(member);
        return group;
    }

    /** How many groups the loop has (for tests and benchmarks). */
    int size() {
        return groups.size();
    }
}
