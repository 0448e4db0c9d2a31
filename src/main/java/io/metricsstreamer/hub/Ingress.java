package io.metricsstreamer.hub;

/**
 * What waits in the hub's ingress queue: a publisher call's metrics for this server to sequence
 * ({@link IngressBatch}), or, in cluster mode, metrics the cluster sequenced ({@link ReceivedBatch}) and the start of
 * a new cluster epoch ({@link EpochReset}). Types rather than one with optional parts, so that a server alone queues
 * exactly what it did before clusters existed.
 */
sealed interface Ingress permits IngressBatch, ReceivedBatch, EpochReset {
    /** The hub clock when the metrics were accepted. */
    long acceptedNanos();

    /** How many metrics it holds. */
    int size();
}
