/**
 * JSON as the server writes and reads it: the one Jackson set-up ({@link io.metricsstreamer.json.Json}) and the wire
 * form of timestamps ({@link io.metricsstreamer.json.Timestamps}), which that set-up writes every {@code Instant} in.
 * The bottom package: it depends on nothing else of the server, so the metric model and the wire protocol above it
 * both use the same set-up.
 *
 * <p>Threading: immutable once loaded; safe from any thread.
 */
package io.metricsstreamer.json;
