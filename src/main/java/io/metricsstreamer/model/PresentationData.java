package io.metricsstreamer.model;

import java.util.List;
import java.util.Map;

/**
 * Everything a presentation dashboard shows at once. {@code costEfficiency} and {@code resilienceDemonstration}
 * are free-form figure maps (string keys, JSON-serialisable values).
 */
public record PresentationData(
        HeroMetrics heroMetrics,
        String businessNarrative,
        List<FlowNode> transactionFlowData,
        CompetitiveBenchmarks competitiveBenchmarks,
        Map<String, Object> costEfficiency,
        Map<String, Object> resilienceDemonstration) {
    /** Copies the collections so the record stays immutable. */
    public PresentationData {
        transactionFlowData = List.copyOf(transactionFlowData);
        costEfficiency = Map.copyOf(costEfficiency);
        resilienceDemonstration = Map.copyOf(resilienceDemonstration);
    }
}
