package io.metricsstreamer.recording;

import static io.metricsstreamer.recording.RecordingFiles.metric;
import static io.metricsstreamer.recording.RecordingFiles.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.testing.LogCapture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RecordingWriter} on a hand-driven clock and queue: what the file holds, the queue bound, appending. */
class RecordingWriterTest {
    private static final Instant AT = Instant.parse("2026-12-06T01:02:03.456789Z");
    private final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private final ServerStats stats = new ServerStats();

    @TempDir
    Path dir;

    @Test
    void writesAHeaderThenEachMetricAsPublishedWithItsOffsetAndEndsTheGzipStreamAtClose() throws IOException {
        Path file = dir.resolve("run.ndjson.gz");
        RecordingWriter writer = RecordingWriter.open(file, 100, stats, clock::get, false);
        MetricEnvelope system = metric("system", AT, Map.of("throughput_tps", 1200.5));
        MetricEnvelope agents = new MetricEnvelope(RecordingFiles.TYPES.require("agent"), AT, Json.mapper().readTree(
                "[{\"agent_id\":\"a1\",\"health_score\":0.97},{\"agent_id\":\"a2\",\"health_score\":1}]"));
        writer.record(List.of(system), clock.get() + 1_500_000);
        writer.record(List.of(agents, system), clock.get() + TimeUnit.MILLISECONDS.toNanos(1250));
        writer.drain();
        writer.close();

        String text;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0))
                .startsWith("{\"recording\":\"metrics-streamer\",\"format_version\":1,\"started_at\":\"");
        assertThat(lines.get(1)).isEqualTo("{\"t_ms\":1,\"envelope\":{\"metric_type\":\"system\",\"timestamp\":"
                + "\"2026-12-06T01:02:03.456789Z\",\"data\":{\"throughput_tps\":1200.5}}}");
        assertThat(lines.get(2)).isEqualTo("{\"t_ms\":1250,\"envelope\":{\"metric_type\":\"agent\",\"timestamp\":"
                + "\"2026-12-06T01:02:03.456789Z\",\"data\":[{\"agent_id\":\"a1\",\"health_score\":0.97},"
                + "{\"agent_id\":\"a2\",\"health_score\":1}]}}");
        assertThat(lines.get(3)).startsWith("{\"t_ms\":1250,");
        assertThat(stats.totalMetricsRecorded()).isEqualTo(3);
        assertThat(stats.totalRecordingDropped()).isZero();
    }

    @Test
    void aFullQueueDropsAndCountsWhatDoesNotFitAndWarnsOnceWithoutBlockingThePublisher() {
        Path file = dir.resolve("full.ndjson.gz");
        try (LogCapture logs = LogCapture.start()) {
            RecordingWriter writer = RecordingWriter.open(file, 3, stats, clock::get, false);
            for (int i = 0; i < 10; i++) {
                writer.record(List.of(metric("hero", AT, Map.of("n", i))), clock.get() + i);
            }
            assertThat(stats.totalRecordingDropped()).isEqualTo(7);
            assertThat(logs.atLeast(Level.WARN)).hasSize(1).first()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains("falls behind", "full.ndjson.gz",
                            "queue of 3 metrics is full", "recording_dropped"));

            writer.drain();
            writer.record(List.of(metric("hero", AT, Map.of("n", 10))), clock.get() + 10);
            writer.close();
            assertThat(stats.totalRecordingDropped()).isEqualTo(7);
            assertThat(stats.totalMetricsRecorded()).isEqualTo(4);
        }
        assertThat(readAll(file)).extracting(RecordingFiles::data)
                .containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":10}");
    }

    @Test
    void aCallLargerThanTheWholeQueueIsTakenWhenTheQueueIsEmpty() {
        Path file = dir.resolve("large.ndjson.gz");
        RecordingWriter writer = RecordingWriter.open(file, 2, stats, clock::get, false);
        writer.record(List.of(metric("hero", AT, Map.of("n", 1)), metric("hero", AT, Map.of("n", 2)),
                metric("hero", AT, Map.of("n", 3))), clock.get());
        writer.record(List.of(metric("hero", AT, Map.of("n", 4))), clock.get());
        writer.close();
        assertThat(stats.totalRecordingDropped()).isEqualTo(1);
        assertThat(readAll(file)).hasSize(3);
    }

    @Test
    void anExistingFileIsAppendedToAndItsSecondSessionPlaysAfterTheFirst() {
        Path file = dir.resolve("twice.ndjson.gz");
        RecordingWriter first = RecordingWriter.open(file, 10, stats, clock::get, false);
        first.record(List.of(metric("hero", AT, Map.of("n", 1))), clock.get() + TimeUnit.MILLISECONDS.toNanos(200));
        first.record(List.of(metric("hero", AT, Map.of("n", 2))), clock.get() + TimeUnit.MILLISECONDS.toNanos(700));
        first.close();
        clock.addAndGet(TimeUnit.HOURS.toNanos(1));
        RecordingWriter second = RecordingWriter.open(file, 10, stats, clock::get, false);
        second.record(List.of(metric("hero", AT, Map.of("n", 3))), clock.get() + TimeUnit.MILLISECONDS.toNanos(50));
        second.close();

        List<RecordedMetric> all = readAll(file);
        assertThat(all).extracting(RecordingFiles::data).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        assertThat(all).extracting(RecordedMetric::offsetMs).containsExactly(200L, 700L, 750L);
        assertThat(all).extracting(RecordedMetric::line).containsExactly(2L, 3L, 5L);
    }

    @Test
    void theWriterThreadFlushesWithinAboutASecondSoThatAnUnclosedFileReadsBack() {
        Path file = dir.resolve("live.ndjson.gz");
        RecordingWriter writer = RecordingWriter.open(file, 10, stats, System::nanoTime, true);
        try {
            writer.record(List.of(metric("hero", AT, Map.of("n", 1))), System.nanoTime());
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                try (RecordingReader reader = RecordingReader.open(file, RecordingFiles.TYPES)) {
                    assertThat(readAll(reader)).extracting(RecordingFiles::data).containsExactly("{\"n\":1}");
                    assertThat(reader.truncated()).as("not closed yet: no gzip trailer").isTrue();
                }
            });
        } finally {
            writer.close();
        }
        try (RecordingReader reader = RecordingReader.open(file, RecordingFiles.TYPES)) {
            assertThat(readAll(reader)).hasSize(1);
            assertThat(reader.truncated()).as("closed: a whole gzip file").isFalse();
        }
    }

    @Test
    void aFileThatCannotBeCreatedIsRefusedNamingIt() {
        Path file = dir.resolve("no-such-dir").resolve("run.ndjson.gz");
        assertThatThrownBy(() -> RecordingWriter.open(file, stats, System::nanoTime))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString());
    }
}
