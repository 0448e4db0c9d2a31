/**
 * The metric vocabulary: the five built-in metric records (serialised with snake_case names), the
 * {@link io.metricsstreamer.model.MetricType} registry ({@link io.metricsstreamer.model.MetricTypes}) and the envelope
 * types a metric travels in.
 *
 * <p>Each built-in record, and each record nested in one, has a {@code builder()} with a setter per component, named as
 * the component: a record of many numbers is then built by name, as the original design's keyword arguments do,
 * because two swapped numbers still compile positionally.
 *
 * <p>Threading: every type here is immutable and safe to share between threads, except the records' builders (one
 * builder per thread).
 */
package io.metricsstreamer.model;
