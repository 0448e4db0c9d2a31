package io.metricsstreamer.recording;

import io.metricsstreamer.json.Json;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.stats.ServerStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a recording costs per published metric, on each side of its queue. {@link #offer}: what the hub's dispatcher
 * pays, handing a publisher's batch to the recorder (the queue is drained between iterations' batches, so it never
 * fills). {@link #offerAndWrite}: that plus the writer thread's work, on one thread: each metric encoded as its line,
 * compressed (gzip, level 1) and written to a file in the temporary directory. Batches of 25 SystemMetrics-like
 * metrics of about 520 bytes of data (the bench's W2 publisher posts 25 every 10 ms); one operation is one metric.
 * {@link #target} {@code devnull} leaves the disk out.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RecordingBenchmark {
    private static final int BATCH = 25;
    private static final int BATCHES = 64;

    /** Where the file is: a file in the temporary directory, or {@code /dev/null} (the CPU's share alone). */
    @Param({"tmp", "devnull"})
    public String target;

    private final List<List<MetricEnvelope>> batches = new ArrayList<>();
    private Path file;
    private RecordingWriter writer;
    private int next;
    private long clock;

    /** Metrics whose figures vary as a test's do, so that gzip does not see the same line again and again. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        MetricTypes types = MetricTypes.builtIns();
        long n = 0;
        for (int b = 0; b < BATCHES; b++) {
            List<MetricEnvelope> batch = new ArrayList<>();
            for (int i = 0; i < BATCH; i++, n++) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("throughput_tps", 15_000 + (n * 37 % 1000) / 10.0);
                data.put("requests_total", 1_000_000 + n * 25);
                data.put("requests_successful", 999_000 + n * 24);
                data.put("requests_failed", n % 97);
                data.put("avg_response_time_ms", 20 + (n * 13 % 100) / 10.0);
                data.put("p50_response_time_ms", 18 + (n * 7 % 50) / 10.0);
                data.put("p95_response_time_ms", 40 + (n * 11 % 200) / 10.0);
                data.put("p99_response_time_ms", 60 + (n * 17 % 400) / 10.0);
                data.put("max_response_time_ms", 120 + (n * 19 % 900) / 10.0);
                data.put("error_rate", (n % 97) / 10_000.0);
                data.put("timeout_rate", (n % 13) / 100_000.0);
                data.put("cpu_utilization", 0.5 + (n * 3 % 40) / 100.0);
                data.put("memory_utilization", 0.6 + (n * 5 % 30) / 100.0);
                data.put("network_throughput_mbps", 100 + (n * 29 % 500) / 10.0);
                data.put("sent_us", 1_765_000_000_000_000L + n * 400);
                Instant at = Instant.ofEpochSecond(1_765_000_000L, n * 400_000);
                batch.add(new MetricEnvelope(types.require("system"), at, Json.mapper().valueToTree(data)));
            }
            batches.add(List.copyOf(batch));
        }
        file = "devnull".equals(target) ? Path.of("/dev/null")
                : Files.createTempFile("recording-benchmark", ".ndjson.gz");
        writer = RecordingWriter.open(file, 1 << 20, new ServerStats(), () -> clock, false);
    }

    /** Ends the file and removes it. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        writer.close();
        if (!"devnull".equals(target)) {
            Files.deleteIfExists(file);
        }
    }

    /** The dispatcher's share: one offer per publisher batch (drained now and then, off the measured path's cost). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void offer() {
        writer.record(batches.get(next++ & (BATCHES - 1)), clock++);
        if ((next & (BATCHES - 1)) == 0) {
            writer.drainQueueOnly();
        }
    }

    /** The dispatcher's share and the writer's: encode, compress and write each metric. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void offerAndWrite() {
        writer.record(batches.get(next++ & (BATCHES - 1)), clock += 400_000);
        writer.drain();
    }
}
