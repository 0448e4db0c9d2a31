package io.metricsstreamer.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.metricsstreamer.MetricsPublisher;
import io.metricsstreamer.demo.LoadProfile;
import io.metricsstreamer.demo.SyntheticStressTest;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.model.AgentMetrics;
import io.metricsstreamer.model.BusinessMetrics;
import io.metricsstreamer.model.HeroMetrics;
import io.metricsstreamer.model.PresentationData;
import io.metricsstreamer.model.SystemMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code demo} command's traffic for the publisher ({@link MetricMix#DEMO}): the metrics its synthetic stress
 * test publishes over {@link #TICKS} ticks (six agents, the mixed profile, a fixed seed), in its order and
 * proportions (per eight ticks: eight system, two agent arrays of six records, two business, two hero and one
 * presentation metric; 440 bytes to 2.5 kB of data each), sent in turn, round and round. Each envelope carries the
 * bench's {@code sent_us} as the first key of its data (of the first record of an array), and
 * {@code skipped_offers} before it when the publisher skipped offers. Immutable after construction; thread-safe.
 */
final class DemoMix {
    /** Ticks of the demo recorded: the mixed profile's whole cycle (230 s) at the demo's 250 ms tick. */
    static final int TICKS = 920;
    /** Most metrics one POST carries: the largest are 2.5 kB, and a body may have 1 MiB. */
    static final int MAX_PER_POST = 300;
    private static final long SEED = 42;
    private static final DemoMix INSTANCE = new DemoMix();

    /** One recorded metric: its envelope's start, then the data cut open where {@code sent_us} goes. */
    private record Entry(String head, String rest) {
    }

    private final List<Entry> entries;

    private DemoMix() {
        Recorder recorder = new Recorder();
        SyntheticStressTest demo = new SyntheticStressTest(recorder,
                new SyntheticStressTest.Options(LoadProfile.MIXED, 6, 1, SEED));
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int tick = 0; tick < TICKS; tick++) {
            double t = tick * SyntheticStressTest.TICK_MILLIS / 1000.0;
            demo.tick(start.plusMillis(tick * SyntheticStressTest.TICK_MILLIS), t);
        }
        entries = List.copyOf(recorder.entries);
    }

    /** The recorded traffic, made once per JVM. */
    static DemoMix get() {
        return INSTANCE;
    }

    /** Metrics in one round. */
    int size() {
        return entries.size();
    }

    /**
     * Appends the envelope of the {@code n}-th metric (modulo the round) with {@code sentUs}, and {@code skipped}
     * when positive.
     */
    void append(StringBuilder sb, long n, long sentUs, long skipped) {
        Entry e = entries.get((int) Math.floorMod(n, (long) entries.size()));
        sb.append(e.head);
        if (skipped > 0) {
            sb.append("\"skipped_offers\":").append(skipped).append(',');
        }
        sb.append("\"sent_us\":").append(sentUs);
        if (e.rest.charAt(0) != '}') {
            sb.append(',');
        }
        sb.append(e.rest).append('}');
    }

    /** Keeps what the demo publishes, as envelope text cut where {@code sent_us} goes. */
    private static final class Recorder implements MetricsPublisher {
        final List<Entry> entries = new ArrayList<>();

        private boolean add(String type, Object data) {
            String json;
            try {
                json = Json.mapper().writeValueAsString(data);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a demo metric that does not serialise", e);
            }
            // Data is an object, or an array of objects: sent_us opens the object, or the array's first one.
            int open = json.startsWith("[{") ? 2 : 1;
            entries.add(new Entry("{\"metric_type\":\"" + type + "\",\"data\":" + json.substring(0, open),
                    json.substring(open)));
            return true;
        }

        @Override
        public boolean broadcastSystemMetrics(SystemMetrics metrics) {
            return add("system", metrics);
        }

        @Override
        public boolean broadcastAgentMetrics(List<AgentMetrics> metrics) {
            return add("agent", metrics);
        }

        @Override
        public boolean broadcastBusinessMetrics(BusinessMetrics metrics) {
            return add("business", metrics);
        }

        @Override
        public boolean broadcastHeroMetrics(HeroMetrics metrics) {
            return add("hero", metrics);
        }

        @Override
        public boolean broadcastPresentationData(PresentationData data) {
            return add("presentation", data);
        }

        @Override
        public boolean queueMetric(String metricType, Object data) {
            return add(metricType, data);
        }
    }
}
