package io.metricsstreamer.recording;

import io.metricsstreamer.json.Json;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricTypes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Recordings for tests: metrics to record, files written by hand, and everything a file holds read back. */
final class RecordingFiles {
    static final MetricTypes TYPES = MetricTypes.builtIns();

    private RecordingFiles() {
    }

    /** A metric of {@code type} with {@code data} (a map), stamped {@code at}. */
    static MetricEnvelope metric(String type, Instant at, Map<String, ?> data) {
        return new MetricEnvelope(TYPES.require(type), at, Json.mapper().valueToTree(data));
    }

    /** A gzip file of exactly these lines, each followed by a newline. */
    static Path gzipLines(Path file, String... lines) {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (String line : lines) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The header line of a recording. */
    static String header() {
        return new String(RecordingFormat.header(Instant.parse("2026-12-06T01:00:00Z")), StandardCharsets.UTF_8);
    }

    /** Every metric of a recording, read to its end. */
    static List<RecordedMetric> readAll(RecordingReader reader) {
        List<RecordedMetric> out = new ArrayList<>();
        for (RecordedMetric m = reader.next(); m != null; m = reader.next()) {
            out.add(m);
        }
        return out;
    }

    /** Every metric of the recording {@code file}. */
    static List<RecordedMetric> readAll(Path file) {
        try (RecordingReader reader = RecordingReader.open(file, TYPES)) {
            return readAll(reader);
        }
    }

    /** A metric's data as the JSON text it carries. */
    static String data(RecordedMetric m) {
        return new String(m.envelope().dataJson(), StandardCharsets.UTF_8);
    }
}
