package io.metricsstreamer.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.json.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;

/**
 * The lines of a recording. The first line of each recording session is a header,
 * {@code {"recording":"metrics-streamer","format_version":1,"started_at":"...Z","server_version":"..."}}; each later
 * line is one published metric, {@code {"t_ms":N,"envelope":{"metric_type":...,"timestamp":...,"data":...}}}, where
 * {@code t_ms} is the milliseconds from the header's {@code started_at} to the server accepting it and
 * {@code envelope} is the metric as published (the body {@code POST /api/metrics} takes, with no {@code seq}).
 */
public final class RecordingFormat {
    /** The value of the header's {@code recording} key. */
    public static final String MAGIC = "metrics-streamer";
    /** The format this server writes and reads. */
    public static final int VERSION = 1;
    static final String HEADER_KEY = "recording";
    static final String VERSION_KEY = "format_version";
    static final String STARTED_AT_KEY = "started_at";
    static final String SERVER_VERSION_KEY = "server_version";
    static final String T_MS_KEY = "t_ms";
    static final String ENVELOPE_KEY = "envelope";

    private RecordingFormat() {
    }

    /** The header line (without its newline) of a recording started at {@code startedAt}. */
    static byte[] header(Instant startedAt) {
        ObjectNode h = Json.mapper().createObjectNode();
        h.put(HEADER_KEY, MAGIC);
        h.put(VERSION_KEY, VERSION);
        h.put(STARTED_AT_KEY, Timestamps.format(startedAt));
        h.put(SERVER_VERSION_KEY, serverVersion());
        try {
            return Json.mapper().writeValueAsBytes(h);
        } catch (IOException e) {
            throw new UncheckedIOException("a tree of strings always encodes", e);
        }
    }

    /** Whether a parsed line is a header. */
    static boolean isHeader(JsonNode line) {
        return line.isObject() && line.has(HEADER_KEY);
    }

    /** This server's version, as the build wrote it. */
    static String serverVersion() {
        String v = RecordingFormat.class.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        Properties build = new Properties();
        try (InputStream in = RecordingFormat.class.getClassLoader()
                .getResourceAsStream("metrics-streamer-build.properties")) {
            if (in != null) {
                build.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return "unknown";
        }
        return build.getProperty("version", "unknown");
    }
}
