package io.metricsstreamer.ingest.tools;

import io.metricsstreamer.ingest.InfluxConfig;
import io.metricsstreamer.ingest.InfluxPrecision;
import io.metricsstreamer.ingest.InfluxWrite;
import io.metricsstreamer.ingest.IngestException;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.testing.LoadToolSamples;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a k6 or JMeter write costs beyond its parse: the line protocol write endpoints' whole semantics
 * ({@link InfluxIngest}: parse, then the load tool's summary) on a body of 100 points, one operation per point. k6's
 * body is 25 requests of 4 points each (its {@code http_reqs}, {@code http_req_duration}, {@code http_req_waiting},
 * {@code http_req_failed}) in one second, which every write adds to: the work of most writes (a second is published
 * once, after its last write).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LoadToolSummaryBenchmark {
    private static final int POINTS = 100;
    private final InfluxIngest ingest = new InfluxIngest(InfluxConfig.DEFAULTS, MetricTypes.builtIns());
    private final InfluxIngest parseOnly = new InfluxIngest(InfluxConfig.DEFAULTS, MetricTypes.builtIns());
    private byte[] k6;
    private byte[] jmeter;

    @Setup
    public void bodies() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < POINTS / 4; i++) {
            b.append(LoadToolSamples.k6Request(Instant.ofEpochSecond(1_700_000_000L, i * 1_000_000L),
                    "https://shop.test/" + (i % 5), 10 + i, i % 10 == 0));
        }
        k6 = b.toString().getBytes(StandardCharsets.UTF_8);
        StringBuilder j = new StringBuilder();
        while (j.length() == 0 || j.toString().split("\n").length < POINTS) {
            j.append(LoadToolSamples.jmeterWindow(Instant.ofEpochSecond(1_700_000_000L)));
        }
        String[] lines = j.toString().split("\n");
        jmeter = (String.join("\n", java.util.Arrays.copyOf(lines, POINTS)) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** k6's points parsed only (the summary left out). */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public Object k6ParseOnly() throws IngestException {
        return parseOnly.read(k6, 0, k6.length, InfluxPrecision.NANOSECONDS, Instant.EPOCH);
    }

    /** k6's points parsed and summed into their second. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public Object k6Summarised() throws IngestException {
        InfluxWrite w = ingest.read(k6, 0, k6.length, InfluxPrecision.NANOSECONDS, Instant.EPOCH);
        return ingest.summarize(w, Instant.EPOCH);
    }

    /** JMeter's lines parsed and made into system and agent metrics. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public Object jmeterSummarised() throws IngestException {
        InfluxWrite w = ingest.read(jmeter, 0, jmeter.length, InfluxPrecision.NANOSECONDS, Instant.EPOCH);
        return ingest.summarize(w, Instant.EPOCH);
    }
}
