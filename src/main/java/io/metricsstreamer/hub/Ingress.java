package io.metricsstreamer.hub;

/**
 * What waits in the hub's ingress queue: a publisher call's metrics for this server to sequence
 * ({@link IngressBatch}), or, in cluster mode, metrics the cluster sequenced ({@link ReceivedBatch}). Two types rather
 * than one with an optional part, so that a server alone queues exactly what it did before clusters existed.
 */
sealed interface Ingress permits IngressBatch, ReceivedBatch {
    /** The hub clock when the metrics were accepted. */
    long acceptedNanos();

    /** How many metrics it holds. */
    int size();
}
