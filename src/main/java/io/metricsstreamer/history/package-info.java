/**
 * The history of published metrics that replays read: {@link io.metricsstreamer.history.RingHistory}, a bounded
 * ring of the encoded metrics the dispatcher published, by count, age and bytes
 * ({@link io.metricsstreamer.history.HistoryLimits}), read by the sessions through the
 * {@link io.metricsstreamer.delivery.MetricHistory} port.
 *
 * <p>Threading: the dispatcher thread is the only writer (appends and evictions); any thread reads, without locks,
 * and takes a position as evicted when its slot no longer holds it. Positions are published with release stores and
 * read with acquire loads.
 */
package io.metricsstreamer.history;
