package io.metricsstreamer.model;

import java.util.List;

/**
 * One node of a transaction-flow diagram.
 *
 * @param position {@code [x, y]} in the diagram's own units
 */
public record FlowNode(
        String nodeId,
        String nodeType,
        String status,
        double throughput,
        double latencyMs,
        List<Double> position) {
    /** Copies the position so the record stays immutable. */
    public FlowNode {
        position = position == null ? List.of() : List.copyOf(position);
    }
}
