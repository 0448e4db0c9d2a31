package io.metricsstreamer.stats;

/**
 * A node's view of its cluster, as the statistics' {@code cluster} object gives it (null for a server alone).
 * Immutable; serialised with snake_case names.
 *
 * @param nodeId          this node's id (in the stream entries it writes)
 * @param redis           the Redis the nodes share, without its password
 * @param reachable       whether the node reaches Redis now; false while it reconnects
 * @param outboundBacklog metrics accepted by this node and not yet written to Redis
 */
public record ClusterSnapshot(String nodeId, String redis, boolean reachable, long outboundBacklog) {
}
