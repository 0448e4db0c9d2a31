package io.metricsstreamer.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.ingest.IngestParser;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.json.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Encoding an envelope once (dispatcher), its timestamp's wire form, and parsing an ingest body (HTTP handler). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EncodeBenchmark {
    private final MetricTypes types = MetricTypes.builtIns();
    private final IngestParser parser = new IngestParser(types);
    private ObjectNode record;
    private byte[] body50;
    private byte[] bodyLarge;
    private long seq;

    @Setup
    public void setUp() {
        record = BenchData.systemRecord(1);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 50; i++) {
            b.append(i == 0 ? "" : ",").append("{\"metric_type\":\"system\",\"data\":")
                    .append(BenchData.systemRecord(i)).append('}');
        }
        body50 = b.append(']').toString().getBytes(StandardCharsets.UTF_8);
        StringBuilder large = new StringBuilder("[");
        String pad = "x".repeat(50_000);
        for (int i = 0; i < 18; i++) {
            large.append(i == 0 ? "" : ",").append("{\"metric_type\":\"system\",\"data\":{\"sent_ms\":")
                    .append(1_767_225_600_000L + i).append(",\"pad\":\"").append(pad).append("\"}}");
        }
        bodyLarge = large.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One envelope to a shared metric_update frame: the dispatcher's per-metric cost. */
    @Benchmark
    public EncodedMetric encodeEnvelope() {
        return PublishedMetric.encode(++seq, types.require("system"), "2026-01-01T00:00:00.000000Z", record)
                .encoded();
    }

    /** A metric's timestamp in the wire form: the dispatcher formats one per published metric. */
    @Benchmark
    public String formatTimestamp() {
        seq++;
        return Timestamps.format(Instant.ofEpochSecond(1_767_225_600L + (seq & 0xFFFFF), seq * 1_000L % 1_000_000_000L));
    }

    /** Parsing and validating a POST body of 50 envelopes (divide by 50 per metric). */
    @Benchmark
    public Object parseIngestBody50() throws Exception {
        return parser.parse(body50, Instant.EPOCH);
    }

    /** A 900 kB body of 18 metrics of 50 kB each: large data copied out of the body. */
    @Benchmark
    public Object parseIngestBodyLarge() throws Exception {
        return parser.parse(bodyLarge, Instant.EPOCH);
    }
}
