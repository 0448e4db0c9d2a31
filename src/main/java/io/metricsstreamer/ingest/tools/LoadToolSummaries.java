package io.metricsstreamer.ingest.tools;

import io.metricsstreamer.ingest.LoadToolRules;
import io.metricsstreamer.ingest.ToolPoint;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The load tools whose line protocol the server summarises for the dashboard: JMeter's backend listener
 * ({@link JmeterSummary}) and k6's InfluxDB output ({@link K6Summary}). {@link #reads} names their measurements (a
 * point of one is summarised, and published as itself only when something maps it to a type); {@link #take} hands a
 * write's points to them and returns the metrics that completes; {@link #due}, called about once a second, the
 * metrics a silence completes. Thread-safe.
 */
public final class LoadToolSummaries {
    private final MetricTypes types;
    private final JmeterSummary jmeter = new JmeterSummary();
    private final K6Summary k6 = new K6Summary();

    /** Summaries made into envelopes of {@code types}' {@code system} and {@code agent} types. */
    public LoadToolSummaries(MetricTypes types) {
        this.types = types;
    }

    /**
     * What the parser asks of the summaries: their measurements, and that a write holding k6's built-in metrics may
     * hold metrics nothing maps, the custom metrics of k6's script, which are accepted and not published.
     */
    public static final LoadToolRules RULES = new LoadToolRules() {
        @Override
        public boolean reads(String measurement) {
            return LoadToolSummaries.reads(measurement);
        }

        @Override
        public boolean adoptsUnmapped(List<ToolPoint> summarized) {
            for (ToolPoint p : summarized) {
                if (K6Summary.reads(p.measurement())) {
                    return true;
                }
            }
            return false;
        }
    };

    /** Whether a load tool's summary reads the points of {@code measurement}. */
    public static boolean reads(String measurement) {
        return JmeterSummary.reads(measurement) || K6Summary.reads(measurement);
    }

    /**
     * Takes the summarised points of one write, which arrived at {@code now} (every line of it parsed: a refused
     * write reaches no summary), and returns the metrics they complete.
     */
    public List<MetricEnvelope> take(List<ToolPoint> points, Instant now) {
        if (points.isEmpty()) {
            return List.of();
        }
        List<ToolPoint> fromJmeter = new ArrayList<>();
        List<ToolPoint> fromK6 = new ArrayList<>();
        for (ToolPoint p : points) {
            (JmeterSummary.reads(p.measurement()) ? fromJmeter : fromK6).add(p);
        }
        List<ToolSummary> made = new ArrayList<>();
        if (!fromJmeter.isEmpty()) {
            made.addAll(jmeter.take(fromJmeter));
        }
        if (!fromK6.isEmpty()) {
            made.addAll(k6.take(fromK6, now));
        }
        return envelopes(made);
    }

    /** The metrics that a silence up to {@code now} completes (k6's last seconds once it stops writing). */
    public List<MetricEnvelope> due(Instant now) {
        return envelopes(k6.due(now));
    }

    private List<MetricEnvelope> envelopes(List<ToolSummary> made) {
        List<MetricEnvelope> out = new ArrayList<>(made.size());
        for (ToolSummary s : made) {
            out.add(new MetricEnvelope(types.require(s.type()), s.timestamp(), s.data()));
        }
        return out;
    }
}
