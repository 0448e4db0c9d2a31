package io.metricsstreamer.demo;

import io.metricsstreamer.model.AgentMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated agents behind the system: each has its own capacity, base latency and routing affinity (its share
 * of the traffic is capacity times affinity, so loads differ); an incident hits one agent hard and the others
 * lightly. Single-threaded.
 */
public final class AgentFleet {
    private static final String[] NAMES = {"Fraud Scorer", "Risk Analyzer", "Identity Verifier", "Rules Engine",
        "Velocity Checker", "Device Fingerprinter", "Geo Matcher", "Model Ensemble"};

    private final List<Agent> agents = new ArrayList<>();
    private final SplittableRandom random;
    private final double totalShare;
    private final double totalCapacity;

    /** A fleet of {@code count} (1 to 8) agents. */
    public AgentFleet(int count, SplittableRandom random) {
        if (count < 1 || count > NAMES.length) {
            throw new IllegalArgumentException("agents must be 1.." + NAMES.length + ", was " + count);
        }
        this.random = random;
        double shares = 0;
        double capacities = 0;
        for (int i = 0; i < count; i++) {
            Agent a = new Agent("agent_" + (i + 1), NAMES[i], 0.7 + 0.6 * random.nextDouble(),
                    0.6 + 0.8 * random.nextDouble(), 12 + 28 * random.nextDouble());
            agents.add(a);
            shares += a.weight * a.affinity;
            capacities += a.weight;
        }
        this.totalShare = shares;
        this.totalCapacity = capacities;
    }

    /** Number of agents. */
    public int size() {
        return agents.size();
    }

    /** Advances {@code dt} seconds at system throughput {@code tps} and incident {@code severity}. */
    public List<AgentMetrics> step(Instant now, double dt, double tps, double severity) {
        List<AgentMetrics> out = new ArrayList<>(agents.size());
        for (int i = 0; i < agents.size(); i++) {
            Agent a = agents.get(i);
            double hit = i == 0 ? severity : severity * 0.2;
            double share = tps * a.weight * a.affinity / totalShare;
            double load = TrafficModel.clamp(share / (a.weight * TrafficModel.CAPACITY_TPS / totalCapacity), 0, 1.5);
            double avg = a.baseLatency * (1 + 3 * Math.pow(load, 3)) * (1 + 3 * hit) * (1 + noise(0.05));
            double errorRate = TrafficModel.clamp(0.003 + 0.04 * Math.max(0, load - 0.9) + 0.15 * hit, 0, 1);
            double requests = share * dt;
            a.processed += requests;
            a.errors += requests * errorRate;
            a.timeouts += requests * errorRate * 0.25;
            a.decisions += requests;
            double health = TrafficModel.clamp(1 - 4 * errorRate - 0.4 * Math.max(0, load - 0.85)
                    - 0.002 * Math.max(0, avg - 100) + noise(0.01), 0, 1);
            out.add(new AgentMetrics(a.id, a.name, now, (long) a.processed, TrafficModel.round(avg, 2),
                    TrafficModel.round(avg * 2.1, 2), TrafficModel.round(avg * 3.4, 2),
                    TrafficModel.round(1 - errorRate, 5), (long) a.errors, (long) a.timeouts,
                    TrafficModel.round(load, 4), (int) Math.round(share * avg / 1000), TrafficModel.round(health, 4),
                    TrafficModel.round(TrafficModel.clamp(0.965 - 0.1 * hit + noise(0.005), 0, 1), 4),
                    TrafficModel.round(avg * 0.4, 2), (long) a.decisions));
        }
        return out;
    }

    private double noise(double scale) {
        return (random.nextDouble() * 2 - 1) * scale;
    }

    private static final class Agent {
        final String id;
        final String name;
        final double weight;
        final double affinity;
        final double baseLatency;
        double processed;
        double errors;
        double timeouts;
        double decisions;

        Agent(String id, String name, double weight, double affinity, double baseLatency) {
            this.id = id;
            this.name = name;
            this.weight = weight;
            this.affinity = affinity;
            this.baseLatency = baseLatency;
        }
    }
}
