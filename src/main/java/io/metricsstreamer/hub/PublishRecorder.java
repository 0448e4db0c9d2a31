package io.metricsstreamer.hub;

import io.metricsstreamer.model.MetricEnvelope;
import java.util.List;

/**
 * Where the hub hands the metrics it accepted from this server's publishers, in the order it took them, for a
 * recording ({@code --record}). The hub calls it on its dispatcher thread (a server alone: in seq order) or on the
 * publisher's thread (a node of a cluster: its own publishes only, never what it receives from other nodes).
 * Implementations must be thread-safe, must never block and must never throw: this is the publish path.
 */
@FunctionalInterface
public interface PublishRecorder {
    /** Records nothing. */
    PublishRecorder NONE = (metrics, acceptedNanos) -> { };

    /**
     * Metrics accepted together at {@code acceptedNanos} (the hub's clock).
     *
     * @param metrics the metrics, in publishing order; immutable, may be kept
     */
    void record(List<MetricEnvelope> metrics, long acceptedNanos);
}
