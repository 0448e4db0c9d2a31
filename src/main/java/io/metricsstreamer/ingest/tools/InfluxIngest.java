package io.metricsstreamer.ingest.tools;

import io.metricsstreamer.ingest.IngestException;
import io.metricsstreamer.ingest.InfluxConfig;
import io.metricsstreamer.ingest.InfluxPrecision;
import io.metricsstreamer.ingest.InfluxWrite;
import io.metricsstreamer.ingest.LineProtocolParser;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricTypes;
import java.time.Instant;
import java.util.List;

/**
 * The line protocol write endpoints' semantics (SPEC 13): a request's body parsed all or nothing
 * ({@link LineProtocolParser}), then, once its envelopes were accepted for publishing, its load tools' points handed
 * to their summaries ({@link LoadToolSummaries}), whose metrics are published after them. Thread-safe.
 */
public final class InfluxIngest {
    private final LineProtocolParser parser;
    private final LoadToolSummaries summaries;

    /**
     * The endpoints of {@code config} over {@code types}.
     *
     * @throws IllegalArgumentException when {@code config} names a type {@code types} lacks
     */
    public InfluxIngest(InfluxConfig config, MetricTypes types) {
        this.parser = new LineProtocolParser(config.mapping(types, LoadToolSummaries.RULES));
        this.summaries = new LoadToolSummaries(types);
    }

    /**
     * Parses a body; points without a timestamp get {@code now}.
     *
     * @throws IngestException naming the line (and column) of the first problem
     */
    public InfluxWrite read(byte[] body, int offset, int length, InfluxPrecision precision, Instant now)
            throws IngestException {
        return parser.read(body, offset, length, precision, now);
    }

    /** The metrics the load tools' points of an accepted write complete (call once per accepted write). */
    public List<MetricEnvelope> summarize(InfluxWrite write, Instant now) {
        return summaries.take(write.summarized(), now);
    }

    /** The metrics a silence up to {@code now} completes; call about once a second. */
    public List<MetricEnvelope> due(Instant now) {
        return summaries.due(now);
    }
}
