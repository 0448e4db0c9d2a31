package io.metricsstreamer.model;

import java.util.List;
import java.util.Map;

/** How the system under test compares with competitors, metric by metric. */
public record CompetitiveBenchmarks(
        Map<String, Double> ourPerformance,
        Map<String, Double> competitorAvg,
        Map<String, Double> improvementPercentage,
        List<String> uniqueAdvantages) {
    /** Copies the collections so the record stays immutable. */
    public CompetitiveBenchmarks {
        ourPerformance = Map.copyOf(ourPerformance);
        competitorAvg = Map.copyOf(competitorAvg);
        improvementPercentage = Map.copyOf(improvementPercentage);
        uniqueAdvantages = List.copyOf(uniqueAdvantages);
    }
}
