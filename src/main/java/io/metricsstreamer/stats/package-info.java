/**
 * Server statistics: the counters ({@link io.metricsstreamer.stats.ServerStats}), the immutable snapshots served by
 * {@code getStatistics()} and {@code GET /api/statistics} ({@link io.metricsstreamer.stats.StatisticsSnapshot},
 * {@link io.metricsstreamer.stats.ClientSnapshot}), and their Prometheus exposition through Micrometer
 * ({@link io.metricsstreamer.stats.PrometheusExporter}).
 *
 * <p>Threading: counters are {@code LongAdder}s, written from any thread (publishers, event loops, the dispatcher)
 * without locks; snapshots are immutable records readable anywhere.
 */
package io.metricsstreamer.stats;
