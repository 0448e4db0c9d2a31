package io.metricsstreamer.stats;

/**
 * One live node of a cluster as its last heartbeat described it, in {@code GET /api/statistics?scope=cluster}.
 * Immutable; serialised (to Redis and to clients) with snake_case names.
 *
 * @param nodeId                its id
 * @param host                  the address it binds
 * @param port                  its WebSocket port
 * @param httpPort              its HTTP port
 * @param connectedClients      WebSocket clients connected to it
 * @param totalMetricsPublished metrics its own publishers offered that it accepted, since it started
 * @param totalMetricsDelivered metrics it delivered, counted once per client, since it started
 * @param publishRate           metrics a second its publishers offered and it accepted, over the last heartbeat
 * @param deliveryRate          metrics a second it delivered, over the last heartbeat
 * @param lastHeartbeat         when it wrote this (its clock, ISO-8601 UTC)
 */
public record ClusterNode(String nodeId, String host, int port, int httpPort, int connectedClients,
                          long totalMetricsPublished, long totalMetricsDelivered, double publishRate,
                          double deliveryRate, String lastHeartbeat) {
}
