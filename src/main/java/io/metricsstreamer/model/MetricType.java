package io.metricsstreamer.model;

/**
 * One metric type known to the server: its lower-case wire name and a dense index used for subscription bit sets.
 *
 * @param name  the wire name, matching {@code [a-z][a-z0-9_]{0,63}}
 * @param index position in {@link MetricTypes#all()}, from 0
 */
public record MetricType(String name, int index) {
    @Override
    public String toString() {
        return name;
    }
}
