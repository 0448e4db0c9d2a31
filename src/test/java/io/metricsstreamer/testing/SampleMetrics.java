package io.metricsstreamer.testing;

import io.metricsstreamer.RealTimeMetricsStreamer;
import io.metricsstreamer.model.AgentMetrics;
import io.metricsstreamer.model.BusinessMetrics;
import io.metricsstreamer.model.CompetitiveBenchmarks;
import io.metricsstreamer.model.FlowNode;
import io.metricsstreamer.model.HeroMetrics;
import io.metricsstreamer.model.PresentationData;
import io.metricsstreamer.model.SystemMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Plausible metrics of every built-in type for tests and screenshots of the pages: a stress test that ramps up,
 * with waves, a burst of errors, and agents that differ from each other. Deterministic (seeded).
 */
public final class SampleMetrics {
    private static final String[] AGENT_NAMES = {"Fraud Scorer", "Risk Analyst", "Rules Engine", "Identity Check",
        "Velocity Guard", "Device Profiler"};
    private final Random random = new Random(42);
    private final int agents;
    private long transactions;
    private long fraud;

    /** Samples with this many agents (1 to 6). */
    public SampleMetrics(int agents) {
        this.agents = Math.max(1, Math.min(AGENT_NAMES.length, agents));
    }

    /** Publishes step {@code i} (a quarter of a second of the test) of every type, stamped {@code at}. */
    public void publish(RealTimeMetricsStreamer streamer, int i, Instant at) {
        double tps = tps(i);
        transactions += Math.round(tps / 4);
        fraud += Math.round(tps / 4 * 0.0021);
        streamer.broadcastSystemMetrics(system(i, at, tps));
        streamer.broadcastAgentMetrics(agents(i, at, tps));
        HeroMetrics hero = hero(tps);
        streamer.broadcastHeroMetrics(hero);
        streamer.broadcastBusinessMetrics(business(at, tps));
        if (i % 8 == 0) {
            streamer.broadcastPresentationData(presentation(hero, i, tps));
        }
    }

    private double tps(int i) {
        double ramp = Math.min(1, i / 60.0);
        return 400 + 1800 * ramp + 260 * Math.sin(i / 9.0) + 90 * random.nextGaussian();
    }

    private static boolean incident(int i) {
        return i % 160 > 120 && i % 160 < 136;
    }

    private SystemMetrics system(int i, Instant at, double tps) {
        double load = tps / 2600;
        double p50 = 38 + 22 * load + 3 * random.nextGaussian();
        double spike = incident(i) ? 3.2 : 1;
        double err = (incident(i) ? 0.045 : 0.004) + 0.002 * Math.abs(random.nextGaussian());
        long total = transactions * 2;
        return new SystemMetrics(at, tps, total, Math.round(total * (1 - err)), Math.round(total * err),
                p50 * 1.3, p50, p50 * 2.4 * spike, p50 * 4.1 * spike, p50 * 7 * spike, err,
                err / 6 + 0.0005 * random.nextDouble(),
                Math.min(0.97, 0.22 + 0.55 * load + 0.03 * random.nextGaussian()),
                0.41 + 0.12 * load + 0.0002 * i, tps * 0.018, (long) (tps / 40), 2.5 + load);
    }

    private List<AgentMetrics> agents(int i, Instant at, double tps) {
        List<AgentMetrics> list = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            double load = Math.max(0.05, Math.min(0.99, 0.35 + 0.1 * a + 0.15 * Math.sin(i / 11.0 + a)
                    + 0.03 * random.nextGaussian()));
            double health = Math.max(0.2, Math.min(1, 1.02 - load * 0.35 - (a == agents - 1 && incident(i) ? 0.4 : 0)
                    - 0.02 * random.nextDouble()));
            double avg = 24 + 30 * load + 6 * a + 2 * random.nextGaussian();
            long processed = Math.round(transactions / (double) agents * (0.8 + 0.1 * a));
            list.add(new AgentMetrics("agent_" + (a + 1), AGENT_NAMES[a], at, processed, avg, avg * 2.2,
                    avg * 3.6, Math.min(1, health + 0.02), Math.round(processed * (1 - health) * 0.01), a,
                    load, (int) Math.round(load * tps / agents / 10), health, null, null, null));
        }
        return list;
    }

    private HeroMetrics hero(double tps) {
        return new HeroMetrics(transactions, fraud, fraud * 412.5, 99.97, tps, 0.962);
    }

    private BusinessMetrics business(Instant at, double tps) {
        double cost = 45_000 + transactions * 0.0021;
        double saved = fraud * 412.5;
        return new BusinessMetrics(at, transactions, tps, fraud, saved, 0.0021, 0.962, 0.0021, cost,
                cost > 0 ? (saved - cost) / cost * 100 : 0, saved, 3.4, 0.92, 0.012, 1.38, 0.64);
    }

    private PresentationData presentation(HeroMetrics hero, int i, double tps) {
        List<FlowNode> nodes = List.of(
                new FlowNode("gateway", "ingress", "healthy", tps, 4.2, List.of(0.0, 1.0)),
                new FlowNode("scoring", "agent", "healthy", tps * 0.98, 38, List.of(1.0, 0.0)),
                new FlowNode("rules", "agent", incident(i) ? "degraded" : "healthy", tps * 0.97, 21, List.of(1.0, 2.0)),
                new FlowNode("decision", "aggregator", "healthy", tps * 0.97, 6.5, List.of(2.0, 1.0)),
                new FlowNode("ledger", "sink", incident(i) ? "down" : "healthy", tps * 0.96, 11, List.of(3.0, 1.0)));
        String narrative = String.format(Locale.ROOT, "Processing %,d transactions per second with %.1f%% "
                + "accuracy; %,d fraudulent transactions blocked so far.", Math.round(tps), 96.2, fraud);
        return new PresentationData(hero, narrative, nodes, new CompetitiveBenchmarks(Map.of("tps", tps),
                Map.of("tps", 900.0), Map.of("tps", tps / 9), List.of("adaptive agents")), Map.of("cost", 0.0021),
                Map.of("recovered_incidents", i / 160));
    }
}
