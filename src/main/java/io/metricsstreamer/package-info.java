/**
 * metrics-streamer: a real-time metrics streaming server for stress tests. {@link
 * io.metricsstreamer.RealTimeMetricsStreamer} is the in-process API (publish from any thread, never blocks);
 * {@link io.metricsstreamer.StreamerConfig} holds every option with its default.
 */
package io.metricsstreamer;
