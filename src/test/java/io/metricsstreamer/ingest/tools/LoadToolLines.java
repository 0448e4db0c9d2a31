package io.metricsstreamer.ingest.tools;

import io.metricsstreamer.ingest.InfluxConfig;
import io.metricsstreamer.ingest.InfluxPrecision;
import io.metricsstreamer.ingest.InfluxWrite;
import io.metricsstreamer.ingest.IngestException;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Writes line protocol bodies through {@link InfluxIngest} as the endpoints do, for the summaries' tests. */
final class LoadToolLines {
    private final InfluxIngest ingest = new InfluxIngest(InfluxConfig.DEFAULTS, MetricTypes.builtIns());

    /** The envelopes a write publishes: its own (none here, nothing maps the tools' measurements), then summaries. */
    List<MetricEnvelope> write(String body, Instant now) {
        try {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            InfluxWrite w = ingest.read(bytes, 0, bytes.length, InfluxPrecision.NANOSECONDS, now);
            if (!w.envelopes().isEmpty()) {
                throw new AssertionError("a load tool's point was published as itself: " + w.envelopes());
            }
            return ingest.summarize(w, now);
        } catch (IngestException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    List<MetricEnvelope> due(Instant now) {
        return ingest.due(now);
    }
}
