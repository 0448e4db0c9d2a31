package io.metricsstreamer.hub;

import io.metricsstreamer.model.MetricEnvelope;
import java.util.List;

/**
 * One publisher call's metrics as they wait in the ingress queue, with the time they were accepted: the dispatcher
 * reads it to tell how far behind fan-out is. Immutable.
 *
 * @param metrics       the metrics, in publishing order
 * @param acceptedNanos the hub clock when they were accepted
 */
record IngressBatch(List<MetricEnvelope> metrics, long acceptedNanos) implements Ingress {
    @Override
    public int size() {
        return metrics.size();
    }
}
