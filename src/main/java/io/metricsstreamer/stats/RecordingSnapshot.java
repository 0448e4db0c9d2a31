package io.metricsstreamer.stats;

/**
 * What the recording ({@code --record}) did since start, as the statistics' {@code recording} object gives it.
 * Immutable; serialised with snake_case names.
 *
 * @param file              the file the published metrics are appended to
 * @param recordedTotal     metrics written to it
 * @param recordingDropped  published metrics it lost: its writer fell behind and its queue was full, or the file
 *                          failed (they were delivered to clients all the same)
 */
public record RecordingSnapshot(String file, long recordedTotal, long recordingDropped) {
    /** The figures of {@code stats} for a recording to {@code file}. */
    public static RecordingSnapshot of(String file, ServerStats stats) {
        return new RecordingSnapshot(file, stats.totalMetricsRecorded(), stats.totalRecordingDropped());
    }
}
