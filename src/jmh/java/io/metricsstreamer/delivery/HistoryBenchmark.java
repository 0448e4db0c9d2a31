package io.metricsstreamer.delivery;

import io.metricsstreamer.history.HistoryLimits;
import io.metricsstreamer.history.RingHistory;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.subscription.Filters;
import io.metricsstreamer.subscription.Subscription;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The history's two paths: the dispatcher's {@code append} of a published metric to a full ring of 100,000 (so every
 * append also evicts the oldest), and a replay reading the whole ring into frames ({@code HistoryReplay.nextFrame},
 * every metric unfiltered, as a client replaying since seq 0 takes them). Scores are per metric. The metrics are the
 * bench's system records, encoded once in the set-up.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HistoryBenchmark {
    private static final int RETAINED = 100_000;
    /** Distinct metrics appended in turn (more than a cache holds, fewer than the ring). */
    private static final int POOL = 16_384;

    private final MetricTypes types = MetricTypes.builtIns();
    private RingHistory ring;
    private PublishedMetric[] pool;
    private long now;
    private int next;
    private RingHistory full;
    private Subscription all;

    @Setup(Level.Trial)
    public void setUp() {
        MetricType system = types.require("system");
        pool = new PublishedMetric[POOL];
        for (int i = 0; i < POOL; i++) {
            pool[i] = PublishedMetric.encode(i + 1, system, "2026-01-01T00:00:00.000000Z",
                    EnvelopeEncoder.toJson(BenchData.systemRecord(i)));
        }
        HistoryLimits limits = new HistoryLimits(RETAINED, Long.MAX_VALUE, Long.MAX_VALUE);
        ring = new RingHistory("0123456789abcdef", limits, () -> now);
        for (int i = 0; i < RETAINED; i++) {
            append();
        }
        full = new RingHistory("0123456789abcdef", limits, () -> 0L);
        for (int i = 0; i < RETAINED; i++) {
            full.append(PublishedMetric.encode(i + 1, system, "2026-01-01T00:00:00.000000Z",
                    EnvelopeEncoder.toJson(BenchData.systemRecord(i))), i);
        }
        all = Subscription.initial(types);
    }

    /** One append to a full ring: the oldest metric is evicted first. */
    @Benchmark
    public long append() {
        ring.append(pool[next], ++now);
        next = (next + 1) & (POOL - 1);
        return ring.bytes();
    }

    /** A replay of the whole ring, frame after frame. */
    @Benchmark
    @OperationsPerInvocation(RETAINED)
    public long replayFrames() {
        HistoryReplay replay = new HistoryReplay(full, all, Filters.NONE, full.firstPosition(), full.lastSeq(), true);
        long bytes = 0;
        for (SlicedFrame f = replay.nextFrame(); f != null; f = replay.nextFrame()) {
            bytes += f.totalBytes();
        }
        return bytes + replay.count();
    }
}
