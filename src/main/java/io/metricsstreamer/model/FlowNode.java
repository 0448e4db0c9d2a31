package io.metricsstreamer.model;

import java.util.List;

/**
 * One node of a transaction-flow diagram. Build one by name with {@link #builder()}.
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

    /** A builder with nothing set: see {@link Builder} for what an unset value becomes. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link FlowNode} one named value at a time. {@code nodeId}, {@code nodeType} and {@code status} are
     * mandatory: a diagram draws, labels and colours a node by them, and no value of them is a neutral default.
     * Unset values: numbers are 0, the position is empty ({@code []}). Not thread-safe.
     */
    public static final class Builder {
        private String nodeId;
        private String nodeType;
        private String status;
        private double throughput;
        private double latencyMs;
        private List<Double> position = List.of();

        private Builder() {
        }

        /** The node's id, unique within its diagram (mandatory). */
        public Builder nodeId(String nodeId) {
            this.nodeId = BuilderChecks.notNull(nodeId, "nodeId");
            return this;
        }

        /** What the node is, such as {@code gateway} or {@code agent} (mandatory). */
        public Builder nodeType(String nodeType) {
            this.nodeType = BuilderChecks.notNull(nodeType, "nodeType");
            return this;
        }

        /** The node's state, such as {@code healthy}, {@code degraded} or {@code down} (mandatory). */
        public Builder status(String status) {
            this.status = BuilderChecks.notNull(status, "status");
            return this;
        }

        /** Transactions per second through the node. */
        public Builder throughput(double throughput) {
            this.throughput = throughput;
            return this;
        }

        /** Time spent in the node in milliseconds. */
        public Builder latencyMs(double latencyMs) {
            this.latencyMs = latencyMs;
            return this;
        }

        /** The node's place in the diagram, {@code [x, y]} in the diagram's own units. */
        public Builder position(List<Double> position) {
            this.position = List.copyOf(BuilderChecks.notNull(position, "position"));
            return this;
        }

        /** The node's place in the diagram, written as {@code [x, y]}. */
        public Builder position(double x, double y) {
            this.position = List.of(x, y);
            return this;
        }

        /**
         * A new record of the values set so far.
         *
         * @throws IllegalStateException naming the first of {@code nodeId}, {@code nodeType}, {@code status} not set
         */
        public FlowNode build() {
            return new FlowNode(BuilderChecks.required(nodeId, "FlowNode", "nodeId", "node_id"),
                    BuilderChecks.required(nodeType, "FlowNode", "nodeType", "node_type"),
                    BuilderChecks.required(status, "FlowNode", "status", "status"),
                    throughput, latencyMs, position);
        }
    }
}
