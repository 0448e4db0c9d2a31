package io.metricsstreamer.hub;

import io.metricsstreamer.delivery.PublishedMetric;
import java.util.List;

/**
 * Cluster mode: the cluster's seq stream was replaced (its Redis lost its data and a new epoch began). Queued behind
 * every metric of the old epoch the node received, so that the dispatcher delivers those first, then starts the new
 * epoch's history with what the cluster already holds of it and closes every client, each to replay in the new epoch.
 * Immutable.
 *
 * @param epoch         the new epoch
 * @param past          what the cluster holds of the new epoch, oldest first (its history to begin with)
 * @param lastSeq       the newest seq of the new epoch when it was read (0: none yet); the node goes on after it
 * @param acceptedNanos the hub clock when it was queued
 */
record EpochReset(String epoch, List<PublishedMetric> past, long lastSeq, long acceptedNanos) implements Ingress {
    /** It carries no metric to deliver: the past is history, not news. */
    @Override
    public int size() {
        return 0;
    }
}
