package io.metricsstreamer.stats;

import java.util.List;

/**
 * {@code GET /api/statistics?scope=cluster}: every live node of the cluster (those whose heartbeat has not expired)
 * and their totals, as this node last read them from Redis. Immutable; serialised with snake_case names.
 *
 * @param epoch  the cluster's epoch
 * @param nodes  the live nodes, by node id
 * @param totals their sums
 */
public record ClusterStatistics(String epoch, List<ClusterNode> nodes, Totals totals) {
    /** Copies the node list. */
    public ClusterStatistics {
        nodes = List.copyOf(nodes);
    }

    /** The statistics of {@code nodes}, with their totals. */
    public static ClusterStatistics of(String epoch, List<ClusterNode> nodes) {
        long clients = 0;
        long published = 0;
        long delivered = 0;
        double publishRate = 0;
        double deliveryRate = 0;
        for (ClusterNode n : nodes) {
            clients += n.connectedClients();
            published += n.totalMetricsPublished();
            delivered += n.totalMetricsDelivered();
            publishRate += n.publishRate();
            deliveryRate += n.deliveryRate();
        }
        return new ClusterStatistics(epoch, nodes,
                new Totals(nodes.size(), clients, published, delivered, publishRate, deliveryRate));
    }

    /**
     * The sums over the live nodes.
     *
     * @param nodes                 how many nodes are live
     * @param connectedClients      their clients
     * @param totalMetricsPublished metrics their publishers offered and they accepted
     * @param totalMetricsDelivered metrics they delivered, once per client
     * @param publishRate           metrics a second published, cluster-wide
     * @param deliveryRate          metrics a second delivered, cluster-wide
     */
    public record Totals(int nodes, long connectedClients, long totalMetricsPublished, long totalMetricsDelivered,
                         double publishRate, double deliveryRate) {
    }
}
