package io.metricsstreamer.recording;

import static io.metricsstreamer.recording.RecordingFiles.gzipLines;
import static io.metricsstreamer.recording.RecordingFiles.header;
import static io.metricsstreamer.recording.RecordingFiles.metric;
import static io.metricsstreamer.recording.RecordingFiles.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.testing.LogCapture;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RecordingReader}: files that are not recordings, bad lines, and a recording cut short by a crash. */
class RecordingReaderTest {
    private static final String LINE = "{\"t_ms\":%d,\"envelope\":{\"metric_type\":\"hero\",\"timestamp\":"
            + "\"2026-12-06T01:00:00.000000Z\",\"data\":{\"n\":%d}}}";

    @TempDir
    Path dir;

    @Test
    void aMissingFileIsRefusedNamingIt() {
        Path file = dir.resolve("missing.ndjson.gz");
        assertThatThrownBy(() -> RecordingReader.open(file, RecordingFiles.TYPES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the recording " + file + " does not exist");
    }

    @Test
    void aFileThatIsNotGzipIsRefusedNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("plain.ndjson"), header() + "\n");
        assertThatThrownBy(() -> RecordingReader.open(file, RecordingFiles.TYPES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the recording " + file + " is not a gzip file");
    }

    @Test
    void anEmptyFileIsRefusedNamingIt() throws IOException {
        Path file = Files.write(dir.resolve("empty.gz"), new byte[0]);
        assertThatThrownBy(() -> RecordingReader.open(file, RecordingFiles.TYPES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString());
    }

    @Test
    void aDirectoryIsRefusedNamingIt() {
        assertThatThrownBy(() -> RecordingReader.open(dir, RecordingFiles.TYPES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(dir.toString());
    }

    @Test
    void gzipOfSomethingElseIsRefusedAsNotARecording() {
        Path file = gzipLines(dir.resolve("other.gz"), "hello,world", "1,2");
        assertThatThrownBy(() -> RecordingReader.open(file, RecordingFiles.TYPES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the recording " + file + " is not a metrics-streamer recording: its first "
                        + "line is not JSON");
        Path json = gzipLines(dir.resolve("json.gz"), "{\"metric_type\":\"hero\",\"data\":{}}");
        assertThatThrownBy(() -> RecordingReader.open(json, RecordingFiles.TYPES))
                .hasMessageContaining("its first line is not a recording header");
    }

    @Test
    void aNewerFormatIsRefusedNamingItsVersion() {
        Path file = gzipLines(dir.resolve("v2.gz"), header().replace("\"format_version\":1", "\"format_version\":2"));
        assertThatThrownBy(() -> RecordingReader.open(file, RecordingFiles.TYPES))
                .hasMessage("the recording " + file + " is in format version 2; this server reads version 1");
    }

    @Test
    void malformedLinesAreSkippedCountedAndLoggedWithTheirLineNumbers() {
        Path file = gzipLines(dir.resolve("mixed.gz"), header(), String.format(LINE, 0, 1), "not json at all",
                "{\"t_ms\":5,\"envelope\":{\"metric_type\":\"nosuchtype\",\"data\":{}}}", "{\"t_ms\":-1}",
                "[1,2]", String.format(LINE, 100, 2));
        try (LogCapture logs = LogCapture.start(); RecordingReader reader = RecordingReader.open(file,
                RecordingFiles.TYPES)) {
            List<RecordedMetric> all = readAll(reader);
            assertThat(all).extracting(RecordingFiles::data).containsExactly("{\"n\":1}", "{\"n\":2}");
            assertThat(all).extracting(RecordedMetric::line).containsExactly(2L, 7L);
            assertThat(reader.skipped()).isEqualTo(4);
            assertThat(reader.truncated()).isFalse();
            assertThat(logs.atLeast(Level.WARN)).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).contains("line 3 skipped", "not JSON"))
                    .anySatisfy(m -> assertThat(m).contains("line 4 skipped", "unknown metric_type"))
                    .anySatisfy(m -> assertThat(m).contains("line 5 skipped", "no t_ms"))
                    .anySatisfy(m -> assertThat(m).contains("line 6 skipped", "not a JSON object"));
        }
    }

    @Test
    void aRecordingCutInTheMiddleOfItsGzipStreamIsReadToItsLastCompleteLine() throws IOException {
        Path whole = dir.resolve("whole.gz");
        RecordingWriter writer = RecordingWriter.open(whole, 1000, new ServerStats(), () -> 0L, false);
        for (int i = 0; i < 200; i++) {
            writer.record(List.of(metric("hero", Instant.EPOCH, Map.of("n", i, "pad", "x".repeat(i % 50)))), i);
        }
        writer.close();
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(bytes, bytes.length * 2 / 3));

        try (LogCapture logs = LogCapture.start(); RecordingReader reader = RecordingReader.open(cut,
                RecordingFiles.TYPES)) {
            List<RecordedMetric> all = readAll(reader);
            assertThat(all).isNotEmpty().hasSizeLessThan(200);
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).envelope().data().path("n").asInt()).isEqualTo(i);
            }
            assertThat(reader.truncated()).isTrue();
            assertThat(logs.atLeast(Level.WARN)).extracting(ILoggingEvent::getFormattedMessage)
                    .singleElement().satisfies(m -> assertThat(m).contains("was not closed", cut.toString(),
                            "played up to its last complete line, " + (all.size() + 1)));
        }
    }

    @Test
    void aLastLineWithoutItsNewlineIsLeftOut() throws IOException {
        Path file = dir.resolve("partial.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((header() + "\n" + String.format(LINE, 0, 1) + "\n" + String.format(LINE, 5, 2))
                    .getBytes(StandardCharsets.UTF_8));
        }
        try (RecordingReader reader = RecordingReader.open(file, RecordingFiles.TYPES)) {
            assertThat(readAll(reader)).extracting(RecordingFiles::data).containsExactly("{\"n\":1}");
            assertThat(reader.truncated()).isTrue();
        }
    }
}
