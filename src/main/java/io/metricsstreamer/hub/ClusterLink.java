package io.metricsstreamer.hub;

import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.stats.ClusterStatistics;
import java.util.List;

/**
 * The port through which a hub in cluster mode publishes: the metrics its publishers offer go to the cluster, which
 * assigns their {@code seq} and hands them back, sequenced, to every node's hub ({@link Hub#receive}). Implemented
 * outside the core (in {@code cluster}, over Redis).
 */
public interface ClusterLink {
    /**
     * Offers metrics to the cluster, all or nothing, in order. Any thread; never blocks: the metrics wait in a bounded
     * outbound buffer.
     *
     * @return false when refused: the buffer lacks room for all of them, or the link is stopped
     */
    boolean send(List<MetricEnvelope> metrics);

    /** Metrics accepted by {@link #send} and not yet written to the cluster. Any thread. */
    long backlog();

    /** Whether the link reaches the cluster now (false while it reconnects). Any thread. */
    boolean reachable();

    /**
     * Whether the cluster's Redis lost the data of the epoch this node is in (its epoch is gone or another: a Redis
     * restarted without persistence) and the node has not adopted the new epoch yet ({@link Hub#resetEpoch}): until
     * it has, it does not publish. Any thread.
     */
    default boolean epochLost() {
        return false;
    }

    /** The cluster's live nodes as last read (never waits for the cluster). Any thread. */
    ClusterStatistics statistics();
}
