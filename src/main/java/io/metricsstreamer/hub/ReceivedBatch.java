package io.metricsstreamer.hub;

import io.metricsstreamer.delivery.PublishedMetric;
import java.util.List;

/**
 * Metrics the cluster sequenced, as one read of the cluster brought them, encoded already by the reader: the
 * dispatcher only keeps them in the history and posts them. Immutable.
 *
 * @param metrics       the metrics, in seq order
 * @param acceptedNanos the hub clock when the node received them
 */
record ReceivedBatch(List<PublishedMetric> metrics, long acceptedNanos) implements Ingress {
    @Override
    public int size() {
        return metrics.size();
    }
}
