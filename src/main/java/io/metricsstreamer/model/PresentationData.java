package io.metricsstreamer.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a presentation dashboard shows at once. {@code costEfficiency} and {@code resilienceDemonstration}
 * are free-form figure maps (string keys, JSON-serialisable values). Build one by name with {@link #builder()}.
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

    /** A builder with nothing set: see {@link Builder} for what an unset value becomes. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds {@link PresentationData} one named part at a time; lists and maps are set whole or filled with the
     * {@code add}/{@code put} methods. Unset parts take their empty form, so the JSON always has every key and no
     * nulls: hero metrics all 0, an empty narrative, no flow nodes, empty benchmarks, empty figure maps. Null keys,
     * values or elements are refused as the record refuses them. Not thread-safe.
     */
    public static final class Builder {
        private HeroMetrics heroMetrics = HeroMetrics.builder().build();
        private String businessNarrative = "";
        private final List<FlowNode> transactionFlowData = new ArrayList<>();
        private CompetitiveBenchmarks competitiveBenchmarks = CompetitiveBenchmarks.builder().build();
        private final Map<String, Object> costEfficiency = new LinkedHashMap<>();
        private final Map<String, Object> resilienceDemonstration = new LinkedHashMap<>();

        private Builder() {
        }

        /** The headline figures (unset: all 0). */
        public Builder heroMetrics(HeroMetrics heroMetrics) {
            this.heroMetrics = BuilderChecks.notNull(heroMetrics, "heroMetrics");
            return this;
        }

        /** The story the figures tell, in a sentence or two (unset: empty). */
        public Builder businessNarrative(String businessNarrative) {
            this.businessNarrative = BuilderChecks.notNull(businessNarrative, "businessNarrative");
            return this;
        }

        /** The nodes of the transaction-flow diagram; replaces every node added so far. */
        public Builder transactionFlowData(List<FlowNode> transactionFlowData) {
            List<FlowNode> copy = List.copyOf(BuilderChecks.notNull(transactionFlowData, "transactionFlowData"));
            this.transactionFlowData.clear();
            this.transactionFlowData.addAll(copy);
            return this;
        }

        /** One more node of the transaction-flow diagram. */
        public Builder addFlowNode(FlowNode node) {
            transactionFlowData.add(BuilderChecks.notNull(node, "node"));
            return this;
        }

        /** How we compare with competitors (unset: empty). */
        public Builder competitiveBenchmarks(CompetitiveBenchmarks competitiveBenchmarks) {
            this.competitiveBenchmarks = BuilderChecks.notNull(competitiveBenchmarks, "competitiveBenchmarks");
            return this;
        }

        /** Cost figures by name; replaces every figure set so far. */
        public Builder costEfficiency(Map<String, Object> costEfficiency) {
            return replace(this.costEfficiency, costEfficiency, "costEfficiency");
        }

        /** One cost figure, any JSON-serialisable value. */
        public Builder putCostEfficiency(String name, Object value) {
            return put(costEfficiency, name, value);
        }

        /** Resilience figures by name; replaces every figure set so far. */
        public Builder resilienceDemonstration(Map<String, Object> resilienceDemonstration) {
            return replace(this.resilienceDemonstration, resilienceDemonstration, "resilienceDemonstration");
        }

        /** One resilience figure, any JSON-serialisable value. */
        public Builder putResilienceDemonstration(String name, Object value) {
            return put(resilienceDemonstration, name, value);
        }

        /** A new record of the parts set so far. */
        public PresentationData build() {
            return new PresentationData(heroMetrics, businessNarrative, transactionFlowData, competitiveBenchmarks,
                    costEfficiency, resilienceDemonstration);
        }

        private Builder replace(Map<String, Object> target, Map<String, Object> entries, String component) {
            Map<String, Object> copy = Map.copyOf(BuilderChecks.notNull(entries, component));
            target.clear();
            target.putAll(copy);
            return this;
        }

        private Builder put(Map<String, Object> target, String name, Object value) {
            target.put(BuilderChecks.notNull(name, "name"), BuilderChecks.notNull(value, "value"));
            return this;
        }
    }
}
