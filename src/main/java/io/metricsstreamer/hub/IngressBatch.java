package io.metricsstreamer.hub;

import io.metricsstreamer.delivery.PublishedMetric;
import io.metricsstreamer.model.MetricEnvelope;
import java.util.List;

/**
 * What waits in the ingress queue: either one publisher call's metrics, to be sequenced by this server, or (in cluster
 * mode) metrics the cluster sequenced and this node encoded already; with the time they were accepted: the dispatcher
 * reads it to tell how far behind fan-out is. Immutable.
 *
 * @param metrics       the metrics, in publishing order; null for a batch of {@code received}
 * @param acceptedNanos the hub clock when they were accepted
 * @param received      the metrics from the cluster, in seq order; null for a batch of {@code metrics}
 */
record IngressBatch(List<MetricEnvelope> metrics, long acceptedNanos, List<PublishedMetric> received) {
    /** Metrics to sequence here. */
    IngressBatch(List<MetricEnvelope> metrics, long acceptedNanos) {
        this(metrics, acceptedNanos, null);
    }

    /** How many metrics the batch holds. */
    int size() {
        return metrics != null ? metrics.size() : received.size();
    }
}
