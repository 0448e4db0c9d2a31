package io.metricsstreamer.demo;

import io.metricsstreamer.model.AgentMetrics;
import io.metricsstreamer.model.CompetitiveBenchmarks;
import io.metricsstreamer.model.FlowNode;
import io.metricsstreamer.model.HeroMetrics;
import io.metricsstreamer.model.PresentationData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the presentation view from the latest figures: narrative, transaction flow, comparisons. Stateless. */
public final class PresentationBuilder {
    private PresentationBuilder() {
    }

    /** The presentation data for the current state of the simulation. */
    public static PresentationData build(String phase, boolean incident, double tps, double p99, HeroMetrics hero,
                                         List<AgentMetrics> agents) {
        List<FlowNode> nodes = new ArrayList<>();
        nodes.add(new FlowNode("gateway", "gateway", "healthy", r(tps), 2.1, List.of(0.0, 1.0)));
        nodes.add(new FlowNode("load_balancer", "load_balancer", "healthy", r(tps), 0.8, List.of(1.0, 1.0)));
        long degraded = 0;
        for (int i = 0; i < agents.size(); i++) {
            AgentMetrics a = agents.get(i);
            String status = a.healthScore() >= 0.8 ? "healthy" : a.healthScore() >= 0.5 ? "degraded" : "failing";
            degraded += "healthy".equals(status) ? 0 : 1;
            double y = agents.size() == 1 ? 1.0 : 2.0 * i / (agents.size() - 1);
            nodes.add(new FlowNode(a.agentId(), "agent", status, r(tps / agents.size()), a.avgResponseTimeMs(),
                    List.of(1.8, TrafficModel.round(y, 3))));
        }
        nodes.add(new FlowNode("decision", "decision_engine", incident ? "degraded" : "healthy", r(tps),
                4.5, List.of(3.6, 1.0)));
        nodes.add(new FlowNode("ledger", "datastore", "healthy", r(tps * 0.3), 1.2, List.of(4.6, 1.0)));
        String narrative = String.format(Locale.ROOT, "%s phase: %,.0f TPS at p99 %.0f ms; %d of %d agents healthy%s.",
                capitalise(phase), tps, p99, agents.size() - degraded, agents.size(),
                incident ? "; incident under way, traffic rerouting" : "");
        CompetitiveBenchmarks benchmarks = new CompetitiveBenchmarks(
                Map.of("p99_latency_ms", r(p99), "throughput_tps", r(tps), "accuracy", hero.aiAccuracy()),
                Map.of("p99_latency_ms", 450.0, "throughput_tps", 900.0, "accuracy", 91.5),
                Map.of("p99_latency_ms", r(100 * (450 - p99) / 450), "throughput_tps", r(100 * (tps - 900) / 900),
                        "accuracy", r(100 * (hero.aiAccuracy() - 91.5) / 91.5)),
                List.of("multi-agent consensus", "sub-second decisions", "self-healing routing"));
        Map<String, Object> cost = Map.of("cost_per_transaction", BusinessLedger.COST_PER_TRANSACTION,
                "baseline_cost_per_transaction", BusinessLedger.BASELINE_COST_PER_TRANSACTION,
                "savings_percentage", r(100 * (1 - BusinessLedger.COST_PER_TRANSACTION
                        / BusinessLedger.BASELINE_COST_PER_TRANSACTION)));
        Map<String, Object> resilience = Map.of("incident_active", incident, "degraded_agents", degraded,
                "uptime_percentage", hero.uptimePercentage());
        return new PresentationData(hero, narrative, nodes, benchmarks, cost, resilience);
    }

    private static double r(double v) {
        return TrafficModel.round(v, 1);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
