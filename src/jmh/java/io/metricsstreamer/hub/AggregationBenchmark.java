package io.metricsstreamer.hub;

import io.metricsstreamer.aggregation.AggregateFunction;
import io.metricsstreamer.aggregation.AggregationSpec;
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

/**
 * One loop's aggregation: 1,000 clients aggregating, each window 100 system metrics offered, then the window ends
 * and its results are delivered. With {@code groups} 1 every client asked for the same aggregation and the window is
 * folded and encoded once; with 1,000 each asked for its own (different overrides) and it is done per client. Scores
 * are per client per metric offered.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AggregationBenchmark {
    private static final int CLIENTS = 1000;
    private static final int METRICS = 100;

    /** Distinct aggregations among the clients: 1 (all the same) or 1,000 (each its own). */
    @Param({"1", "1000"})
    public int groups;

    private final MetricTypes types = MetricTypes.builtIns();
    private final WindowTimers timers = new WindowTimers();
    private final CountingOutbound outbound = new CountingOutbound();
    private LoopShard shard;
    private List<PublishedMetric> window;
    private long seq;

    @Setup(Level.Trial)
    public void setUp() {
        shard = new LoopShard(Runnable::run);
        DeliveryConfig config = new DeliveryConfig(1, TimeUnit.SECONDS.toNanos(30), 10_000,
                TimeUnit.SECONDS.toNanos(10));
        ServerStats stats = new ServerStats();
        for (int i = 0; i < CLIENTS; i++) {
            ClientSession s = new ClientSession("client_" + i, outbound, timers, config, types, stats);
            shard.add(s);
            Map<String, AggregateFunction> overrides = groups == 1 ? Map.of()
                    : Map.of("field_" + i, AggregateFunction.MAX);
            s.onMessage(new ClientMessage.SetAggregation(new AggregationSpec(1, AggregateFunction.AVG, overrides)));
        }
        // The window the clients asked in is not theirs: start with their first whole one.
        timers.endWindow();
    }

    @Setup(Level.Invocation)
    public void nextWindow() {
        window = new ArrayList<>(METRICS);
        for (int i = 0; i < METRICS; i++) {
            window.add(PublishedMetric.encode(++seq, types.require("system"), "2026-01-01T00:00:00.000000Z",
                    BenchData.systemRecord(seq)));
        }
    }

    /** One window: 100 metrics offered to 1,000 aggregating clients, then its end. */
    @Benchmark
    @OperationsPerInvocation(CLIENTS * METRICS)
    public long aggregateOneWindow() {
        for (int i = 0; i < METRICS; i += 10) {
            shard.deliver(window.subList(i, i + 10));
        }
        timers.endWindow();
        return outbound.bytes;
    }

    /** The loop's timers: the windows' ends run when the benchmark ends a window, and the wall clock moves a second. */
    private static final class WindowTimers implements LoopScheduler {
        private long epochNanos = 1_767_225_600_000_000_000L;
        private List<Runnable> due = new ArrayList<>();

        void endWindow() {
            epochNanos += 1_000_000_000L;
            List<Runnable> now = due;
            due = new ArrayList<>();
            now.forEach(Runnable::run);
        }

        @Override
        public long nanoTime() {
            return epochNanos;
        }

        @Override
        public long epochNanos() {
            return epochNanos;
        }

        @Override
        public Cancellable schedule(Runnable task, long delayNanos) {
            due.add(task);
            return () -> due.remove(task);
        }
    }
}
