package io.metricsstreamer.testing;

import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.recording.RecordedMetric;
import io.metricsstreamer.recording.RecordingReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Recordings ({@code --record}) for socket tests: one written by hand, and what a file holds read back. */
public final class Recordings {
    /** A recording's header line, as the format gives it. */
    public static final String HEADER = "{\"recording\":\"metrics-streamer\",\"format_version\":1,"
            + "\"started_at\":\"2026-12-06T01:00:00.000000Z\",\"server_version\":\"test\"}";

    private Recordings() {
    }

    /** A recording of {@code envelopes} (JSON objects as POSTed), the i-th at {@code offsetsMs[i]}. */
    public static Path write(Path file, long[] offsetsMs, String... envelopes) {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((HEADER + "\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < envelopes.length; i++) {
                out.write(("{\"t_ms\":" + offsetsMs[i] + ",\"envelope\":" + envelopes[i] + "}\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Every metric the recording {@code file} holds (of the built-in types), to its end. */
    public static List<RecordedMetric> read(Path file) {
        return read(file, MetricTypes.builtIns());
    }

    /** Every metric the recording {@code file} holds, of {@code types}, to its end. */
    public static List<RecordedMetric> read(Path file, MetricTypes types) {
        try (RecordingReader reader = RecordingReader.open(file, types)) {
            List<RecordedMetric> out = new ArrayList<>();
            for (RecordedMetric m = reader.next(); m != null; m = reader.next()) {
                out.add(m);
            }
            return out;
        }
    }

    /** Whether the recording {@code file} ends mid-stream or mid-line (it was not closed). */
    public static boolean truncated(Path file) {
        try (RecordingReader reader = RecordingReader.open(file, MetricTypes.builtIns())) {
            while (reader.next() != null) {
                continue;
            }
            return reader.truncated();
        }
    }

    /** A recorded metric's data as the JSON text it carries. */
    public static String data(RecordedMetric m) {
        return new String(m.envelope().dataJson(), StandardCharsets.UTF_8);
    }
}
