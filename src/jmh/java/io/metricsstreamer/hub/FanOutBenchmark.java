package io.metricsstreamer.hub;

import io.metricsstreamer.delivery.BenchData;
import io.metricsstreamer.delivery.ClientSession;
import io.metricsstreamer.delivery.DeliveryConfig;
import io.metricsstreamer.delivery.LoopScheduler;
import io.metricsstreamer.delivery.PublishedMetric;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.protocol.ClientMessage;
import io.metricsstreamer.stats.ServerStats;
import java.util.ArrayList;
import java.util.List;
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

/**
 * One loop's fan-out: 10 published metrics offered to 1,000 sessions (subscription, filters, pending list, batch
 * assembly), with an outbound that only counts bytes. Scores are per delivered metric (10,000 per invocation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FanOutBenchmark {
    private static final int CLIENTS = 1000;
    private static final int METRICS = 10;

    /** Batch size: 1 (a frame per metric) or 10 (one metric_batch per task). */
    @Param({"1", "10"})
    public int batchSize;

    /** Distinct filter views among the clients: 0 (none filtered) or 10. */
    @Param({"0", "10"})
    public int views;

    private final MetricTypes types = MetricTypes.builtIns();
    private LoopShard shard;
    private List<PublishedMetric> batch;
    private long seq;
    private final CountingOutbound outbound = new CountingOutbound();

    @Setup(Level.Trial)
    public void setUp() {
        shard = new LoopShard(Runnable::run);
        DeliveryConfig config = new DeliveryConfig(batchSize, TimeUnit.SECONDS.toNanos(30), 10_000,
                TimeUnit.SECONDS.toNanos(10));
        ServerStats stats = new ServerStats();
        for (int i = 0; i < CLIENTS; i++) {
            ClientSession s = new ClientSession("client_" + i, outbound, NoTimers.INSTANCE, config, types, stats);
            if (views > 0) {
                s.onMessage(new ClientMessage.SetFilters(null, List.of("sent_us", "field_" + (i % views),
                        "throughput_tps", "error_rate")));
            }
            shard.add(s);
        }
    }

    @Setup(Level.Invocation)
    public void nextBatch() {
        batch = new ArrayList<>(METRICS);
        for (int i = 0; i < METRICS; i++) {
            batch.add(PublishedMetric.encode(++seq, types.require("system"), "2026-01-01T00:00:00.000000Z",
                    BenchData.systemRecord(seq)));
        }
    }

    /** Deliver 10 metrics to 1,000 clients. */
    @Benchmark
    @OperationsPerInvocation(CLIENTS * METRICS)
    public long deliver() {
        shard.deliver(batch);
        return outbound.bytes;
    }

    private enum NoTimers implements LoopScheduler {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long epochNanos() {
            return System.currentTimeMillis() * 1_000_000L;
        }

        @Override
        public Cancellable schedule(Runnable task, long delayNanos) {
            return () -> { };
        }
    }
}
