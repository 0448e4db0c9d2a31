package io.metricsstreamer.recording;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.ingest.IngestException;
import io.metricsstreamer.ingest.IngestParser;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.json.Timestamps;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricTypes;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a recording ({@link RecordingFormat}) metric by metric, as it goes: a long recording is never held in memory.
 * {@link #open} refuses a file that is missing, unreadable, not gzip or not a recording, naming it. A line that is not
 * a recorded metric (not JSON, no {@code t_ms}, an envelope {@code POST /api/metrics} would refuse, such as one of a
 * type this server does not know) is skipped, counted and logged with its line number. A file that ends in the middle
 * of its gzip stream or of a line (the recording process was killed) is read up to its last complete line, and the
 * log says so. Not thread-safe.
 */
public final class RecordingReader implements AutoCloseable {
    /** Longest line read; a longer one is skipped (a published envelope is at most 1 MiB). */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;
    /** Skipped lines logged one by one; past them only the count at the end says how many. */
    private static final int SKIPS_LOGGED = 10;
    private static final Logger LOG = LoggerFactory.getLogger(RecordingReader.class);

    private final Path file;
    private final InputStream in;
    private final LineReader lines;
    private final IngestParser parser;
    private final Instant startedAt;
    private final String serverVersion;
    private long lineNumber;
    private long skipped;
    private boolean truncated;
    private boolean ended;
    private long sessionBaseMs;
    private long lastOffsetMs;

    private RecordingReader(Path file, InputStream in, MetricTypes types) {
        this.file = file;
        this.in = in;
        this.lines = new LineReader(in, MAX_LINE_BYTES);
        this.parser = new IngestParser(types);
        JsonNode header = readHeader();
        this.startedAt = startedAt(header);
        this.serverVersion = header.path(RecordingFormat.SERVER_VERSION_KEY).asText("unknown");
    }

    /**
     * Opens a recording and reads its header.
     *
     * @param types the metric types the metrics are checked against (the playing server's)
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static RecordingReader open(Path file, MetricTypes types) {
        InputStream in;
        try {
            in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)), 64 * 1024);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the recording " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("the recording " + file + " cannot be read: permission denied");
        } catch (ZipException | EOFException e) {
            throw new IllegalArgumentException("the recording " + file + " is not a gzip file (" + e.getMessage()
                    + "): a recording is what --record writes, gzip-compressed JSON lines");
        } catch (IOException e) {
            throw new IllegalArgumentException("the recording " + file + " cannot be read: " + e);
        }
        try {
            return new RecordingReader(file, in, types);
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    private JsonNode readHeader() {
        byte[] first;
        try {
            LineReader.Result r = lines.next();
            if (r != LineReader.Result.LINE) {
                throw notARecording("it has no complete first line");
            }
            lineNumber = 1;
            first = Arrays.copyOf(lines.line(), lines.length());
        } catch (IOException e) {
            throw new IllegalArgumentException("the recording " + file + " cannot be read: its gzip stream is "
                    + "corrupt or cut before its first line (" + e.getMessage() + ")");
        }
        JsonNode header;
        try {
            header = Json.mapper().readTree(first);
        } catch (IOException e) {
            throw notARecording("its first line is not JSON");
        }
        if (!RecordingFormat.isHeader(header)
                || !RecordingFormat.MAGIC.equals(header.path(RecordingFormat.HEADER_KEY).asText())) {
            throw notARecording("its first line is not a recording header");
        }
        int version = header.path(RecordingFormat.VERSION_KEY).asInt(-1);
        if (version != RecordingFormat.VERSION) {
            throw new IllegalArgumentException("the recording " + file + " is in format version "
                    + header.path(RecordingFormat.VERSION_KEY) + "; this server reads version "
                    + RecordingFormat.VERSION);
        }
        return header;
    }

    private static Instant startedAt(JsonNode header) {
        try {
            return Timestamps.parse(header.path(RecordingFormat.STARTED_AT_KEY).asText(""));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private IllegalArgumentException notARecording(String why) {
        return new IllegalArgumentException("the recording " + file + " is not a metrics-streamer recording: " + why
                + " (a recording starts with {\"recording\":\"metrics-streamer\",...})");
    }

    /** When the recording (its first session) started, null when its header does not say. */
    public Instant startedAt() {
        return startedAt;
    }

    /** The version of the server that wrote it. */
    public String serverVersion() {
        return serverVersion;
    }

    /** Lines skipped so far because they held no metric this server takes. */
    public long skipped() {
        return skipped;
    }

    /** Whether the file ended in the middle of its gzip stream or of a line (a recording that was not closed). */
    public boolean truncated() {
        return truncated;
    }

    /** The number of the last line read. */
    public long lineNumber() {
        return lineNumber;
    }

    /** The next metric, or null at the end of the recording (or of its last complete line). */
    public RecordedMetric next() {
        while (!ended) {
            LineReader.Result r;
            try {
                r = lines.next();
            } catch (IOException e) {
                return cut("its gzip stream ends early or is corrupt (" + e.getMessage() + ")");
            }
            switch (r) {
                case END -> ended = true;
                case CUT -> {
                    return cut("its last line is incomplete");
                }
                case OVERLONG -> skip(++lineNumber, "longer than " + MAX_LINE_BYTES + " bytes");
                default -> {
                    RecordedMetric m = parse(++lineNumber, lines.line(), lines.length());
                    if (m != null) {
                        return m;
                    }
                }
            }
        }
        return null;
    }

    private RecordedMetric cut(String why) {
        ended = true;
        truncated = true;
        LOG.warn("the recording {} was not closed (the recording process stopped without finishing it?): {}; it is "
                + "played up to its last complete line, {}", file, why, lineNumber);
        return null;
    }

    /** The metric on a line, null for a header or a line skipped. */
    private RecordedMetric parse(long number, byte[] line, int length) {
        long tMs = -1;
        int envelopeStart = -1;
        int envelopeEnd = -1;
        boolean header = false;
        try (JsonParser p = Json.mapper().getFactory().createParser(line, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                skip(number, "not a JSON object");
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if (RecordingFormat.T_MS_KEY.equals(key) && value == JsonToken.VALUE_NUMBER_INT) {
                    tMs = p.getLongValue();
                } else if (RecordingFormat.ENVELOPE_KEY.equals(key) && value == JsonToken.START_OBJECT) {
                    envelopeStart = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    envelopeEnd = (int) p.currentLocation().getByteOffset();
                } else {
                    header |= RecordingFormat.HEADER_KEY.equals(key);
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                skip(number, "not one JSON object");
                return null;
            }
        } catch (JacksonException e) {
            skip(number, "not JSON (" + e.getOriginalMessage() + ")");
            return null;
        } catch (IOException e) {
            skip(number, "unreadable (" + e.getMessage() + ")");
            return null;
        }
        if (header) {
            // A later session appended to the file: its offsets follow the end of the one before.
            sessionBaseMs = lastOffsetMs;
            return null;
        }
        if (tMs < 0 || envelopeStart < 0) {
            skip(number, "no t_ms (a whole number from 0) or no envelope object");
            return null;
        }
        List<MetricEnvelope> envelopes;
        try {
            envelopes = parser.parse(line, envelopeStart, envelopeEnd - envelopeStart, Instant.now());
        } catch (IngestException e) {
            skip(number, "its envelope is refused: " + e.getMessage());
            return null;
        }
        lastOffsetMs = Math.max(lastOffsetMs, sessionBaseMs + tMs);
        return new RecordedMetric(sessionBaseMs + tMs, envelopes.get(0), number);
    }

    private void skip(long number, String why) {
        skipped++;
        if (skipped <= SKIPS_LOGGED) {
            LOG.warn("the recording {}: line {} skipped, {}", file, number, why);
        } else if (skipped == SKIPS_LOGGED + 1) {
            LOG.warn("the recording {}: more lines skipped; the end of the playback says how many", file);
        }
    }

    @Override
    public void close() {
        closeQuietly(in);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.debug("closing a recording", e);
        }
    }
}
