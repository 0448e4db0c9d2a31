package io.metricsstreamer.hub;

/** What the hub did with an offered list of metrics: taken whole, or refused whole and why. */
public enum Admission {
    /** Every metric was queued for fan-out. */
    ACCEPTED(null),
    /** The ingress queue lacked room for all of them. */
    QUEUE_FULL("ingress queue is full; retry shortly"),
    /** Fan-out is further behind than the configured maximum lag: taking more would only deliver it later. */
    BEHIND("fan-out is behind by more than the maximum lag; retry shortly"),
    /** Cluster mode: the node's buffer of metrics on their way to the cluster is full (Redis slow or unreachable). */
    CLUSTER_BUFFER_FULL("the buffer of metrics on their way to the cluster is full (Redis is slow or unreachable); "
            + "retry shortly"),
    /** Cluster mode: the cluster's Redis lost its data (see {@link ClusterLink#epochLost()}). */
    CLUSTER_EPOCH_LOST("the cluster's Redis lost its data (its epoch is gone): this node publishes again once it "
            + "adopted the new epoch; retry shortly"),
    /** The hub stopped accepting (shutdown). */
    STOPPED("server is stopping");

    private final String reason;

    Admission(String reason) {
        this.reason = reason;
    }

    /** Why the metrics were refused, for the publisher; null when accepted. */
    public String reason() {
        return reason;
    }
}
