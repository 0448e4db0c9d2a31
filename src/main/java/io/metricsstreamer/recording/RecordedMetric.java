package io.metricsstreamer.recording;

import io.metricsstreamer.model.MetricEnvelope;

/**
 * One metric read back from a recording. Immutable.
 *
 * @param offsetMs milliseconds from the start of the recording to its publication (across appended sessions: each
 *                 one follows the end of the one before)
 * @param envelope the metric as it was published (its recorded timestamp and data)
 * @param line     its line number in the file, from 1
 */
public record RecordedMetric(long offsetMs, MetricEnvelope envelope, long line) {
}
