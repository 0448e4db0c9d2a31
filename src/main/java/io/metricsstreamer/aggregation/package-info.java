/**
 * Aggregation of metrics over time windows (SPEC 9), with no Netty and no delivery in it: the
 * {@link io.metricsstreamer.aggregation.AggregationSpec} a client asks for (window, default
 * {@link io.metricsstreamer.aggregation.AggregateFunction} and per-field overrides), and the
 * {@link io.metricsstreamer.aggregation.WindowAggregator} that folds one window's metrics into one result per key:
 * top-level numeric fields aggregated, every other field from the newest metric, and an array of agent records
 * aggregated per {@code agent_id}.
 *
 * <p>Threading: a spec is immutable; an aggregator is confined to the thread that feeds it (an event loop).
 */
package io.metricsstreamer.aggregation;
