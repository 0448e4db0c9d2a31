/**
 * What the load tools people already run write in the line protocol, made into what the dashboard draws: JMeter's
 * backend listener ({@link io.metricsstreamer.ingest.tools.JmeterSummary}: its {@code jmeter} measurement, one
 * window of every transaction per write) and k6's InfluxDB output ({@link io.metricsstreamer.ingest.tools.K6Summary}:
 * one point per sample, summed into seconds). Each becomes {@code system} envelopes (throughput, latency
 * percentiles, error rate) and {@code agent} envelopes with a record per transaction or endpoint.
 * {@link io.metricsstreamer.ingest.tools.LoadToolSummaries} says which measurements they read and hands each write's
 * points to the right one.
 *
 * <p>Threading: the summaries are shared by every HTTP event loop; each guards its state with its own lock, taken
 * once per write request (not per point) and by the timer that closes k6's seconds. No Netty here.
 */
package io.metricsstreamer.ingest.tools;
