package io.metricsstreamer.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.MetricsPublisher;
import io.metricsstreamer.delivery.BenchData;
import io.metricsstreamer.delivery.PublishedMetric;
import io.metricsstreamer.demo.LoadProfile;
import io.metricsstreamer.demo.SyntheticStressTest;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.json.Timestamps;
import io.metricsstreamer.model.AgentMetrics;
import io.metricsstreamer.model.BusinessMetrics;
import io.metricsstreamer.model.HeroMetrics;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.model.PresentationData;
import io.metricsstreamer.model.SystemMetrics;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.openjdk.jol.info.GraphLayout;

/**
 * What one retained metric costs in heap. For each kind of metric it fills a {@link RingHistory} with 100,000 of them
 * as the hub does (each encoded once with {@link PublishedMetric#encode}, then appended), and measures the heap the
 * history retains two ways: JOL's walk of the history's object graph, and the heap in use after full collections
 * ({@code MemoryMXBean}) before and after the fill. It prints the bytes per metric against the frame's bytes, the
 * overhead that {@link RingHistory#METRIC_OVERHEAD_BYTES} stands for, and JOL's table of where it goes.
 *
 * <p>Run: {@code mvn -q -Pjmh -DskipTests test-compile exec:exec -Djmh.main=io.metricsstreamer.history.HistoryFootprint
 * -Djmh.args= -Djmh.jvm=-Xmx2g}; an argument {@code table} adds JOL's footprint table of each kind.
 */
public final class HistoryFootprint {
    private static final int METRICS = 100_000;
    private static final int FULL_COLLECTIONS = 5;

    private HistoryFootprint() {
    }

    /** The kinds of metrics measured. */
    enum Kind {
        /** The demo's {@code system} record. */
        DEMO_SYSTEM,
        /** The demo's {@code agent} array, six agents (the demo's default). */
        DEMO_AGENTS,
        /** Everything the demo publishes, in its proportions. */
        DEMO_MIX,
        /** The JMH benchmarks' system record ({@link BenchData}): 16 numbers and {@code sent_us}. */
        JMH_SYSTEM
    }

    public static void main(String[] args) {
        boolean table = args.length > 0 && "table".equals(args[0]);
        System.out.printf(Locale.ROOT, "%d metrics per kind; costOf counts frame + %d%n", METRICS,
                RingHistory.METRIC_OVERHEAD_BYTES);
        System.out.printf(Locale.ROOT, "%-13s %9s %11s %11s %12s %12s%n", "kind", "frame B", "JOL B/metric",
                "GC B/metric", "JOL overhead", "GC overhead");
        for (Kind kind : Kind.values()) {
            measure(kind, table);
        }
    }

    private static void measure(Kind kind, boolean table) {
        Source source = new Source(kind);
        RingHistory history = new RingHistory("0123456789abcdef", new HistoryLimits(METRICS, Long.MAX_VALUE,
                Long.MAX_VALUE), () -> 0L);
        long before = usedAfterFullCollections();
        long frameBytes = 0;
        for (int i = 1; i <= METRICS; i++) {
            MetricEnvelope m = source.next();
            PublishedMetric p = PublishedMetric.encode(i, m.type(), Timestamps.format(m.timestamp()), m.dataJson(),
                    System.nanoTime());
            frameBytes += p.encoded().frame().length;
            history.append(p, i);
        }
        long after = usedAfterFullCollections();
        GraphLayout graph = GraphLayout.parseInstance(history);
        // What the history reaches but does not own per metric: the shared metric types and the history's own
        // fields, measured on an empty history of the same bounds.
        long empty = GraphLayout.parseInstance(new RingHistory("0123456789abcdef", new HistoryLimits(METRICS,
                Long.MAX_VALUE, Long.MAX_VALUE), () -> 0L)).totalSize();
        double frame = (double) frameBytes / METRICS;
        double jol = (double) (graph.totalSize() - empty) / METRICS;
        double gc = (double) (after - before) / METRICS;
        System.out.printf(Locale.ROOT, "%-13s %9.1f %11.1f %11.1f %12.1f %12.1f%n", kind, frame, jol, gc,
                jol - frame, gc - frame);
        if (table) {
            System.out.println(graph.toFootprint());
        }
        Reference.reachabilityFence(history);
        Reference.reachabilityFence(source);
    }

    private static long usedAfterFullCollections() {
        for (int i = 0; i < FULL_COLLECTIONS; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The metrics of one kind, one at a time: the demo's, from its simulation, or the bench's body. */
    private static final class Source implements MetricsPublisher {
        private final Kind kind;
        private final MetricTypes types = MetricTypes.builtIns();
        private final SyntheticStressTest demo = new SyntheticStressTest(this,
                new SyntheticStressTest.Options(LoadProfile.MIXED, 6, 1, 42));
        private final ArrayDeque<MetricEnvelope> ready = new ArrayDeque<>();
        private final Set<String> taken;
        private Instant now = Instant.parse("2026-12-05T12:00:00Z");
        private double t;
        private long n;

        Source(Kind kind) {
            this.kind = kind;
            this.taken = switch (kind) {
                case DEMO_SYSTEM -> Set.of(MetricTypes.SYSTEM);
                case DEMO_AGENTS -> Set.of(MetricTypes.AGENT);
                default -> Set.copyOf(MetricTypes.BUILT_IN);
            };
        }

        MetricEnvelope next() {
            if (kind == Kind.JMH_SYSTEM) {
                n++;
                return new MetricEnvelope(types.require(MetricTypes.SYSTEM), now, BenchData.systemRecord(n));
            }
            while (ready.isEmpty()) {
                t += SyntheticStressTest.TICK_MILLIS / 1000.0;
                now = now.plusMillis(SyntheticStressTest.TICK_MILLIS);
                demo.tick(now, t);
            }
            return ready.poll();
        }

        private boolean take(String type, Instant at, Object data) {
            if (taken.contains(type)) {
                MetricType metricType = types.require(type);
                JsonNode tree = Json.mapper().valueToTree(data);
                ready.add(new MetricEnvelope(metricType, at != null ? at : now, tree));
            }
            return true;
        }

        @Override
        public boolean broadcastSystemMetrics(SystemMetrics metrics) {
            return take(MetricTypes.SYSTEM, metrics.timestamp(), metrics);
        }

        @Override
        public boolean broadcastAgentMetrics(List<AgentMetrics> metrics) {
            return take(MetricTypes.AGENT, metrics.isEmpty() ? null : metrics.get(0).timestamp(), metrics);
        }

        @Override
        public boolean broadcastBusinessMetrics(BusinessMetrics metrics) {
            return take(MetricTypes.BUSINESS, metrics.timestamp(), metrics);
        }

        @Override
        public boolean broadcastHeroMetrics(HeroMetrics metrics) {
            return take(MetricTypes.HERO, null, metrics);
        }

        @Override
        public boolean broadcastPresentationData(PresentationData data) {
            return take(MetricTypes.PRESENTATION, null, data);
        }

        @Override
        public boolean queueMetric(String metricType, Object data) {
            return take(metricType, null, data);
        }
    }
}
