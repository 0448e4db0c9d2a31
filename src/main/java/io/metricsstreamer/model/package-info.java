/**
 * The metric vocabulary: the five built-in metric records (serialised with snake_case names), the
 * {@link io.metricsstreamer.model.MetricType} registry ({@link io.metricsstreamer.model.MetricTypes}) and the envelope
 * types a metric travels in.
 *
 * <p>Threading: every type here is immutable and safe to share between threads.
 */
package io.metricsstreamer.model;
