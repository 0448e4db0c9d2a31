package io.metricsstreamer.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the system under test compares with competitors, metric by metric. Build one with {@link #builder()}.
 */
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

    /** A builder with nothing set: every map and the list empty until filled. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds {@link CompetitiveBenchmarks}: each map or the list set whole, or filled entry by entry with the
     * {@code put}/{@code add} methods (a later entry for the same metric replaces an earlier one). Unset collections
     * are empty. Null keys, values or elements are refused as the record refuses them. Not thread-safe.
     */
    public static final class Builder {
        private final Map<String, Double> ourPerformance = new LinkedHashMap<>();
        private final Map<String, Double> competitorAvg = new LinkedHashMap<>();
        private final Map<String, Double> improvementPercentage = new LinkedHashMap<>();
        private final List<String> uniqueAdvantages = new ArrayList<>();

        private Builder() {
        }

        /** Our figure per metric name; replaces every entry set so far. */
        public Builder ourPerformance(Map<String, Double> ourPerformance) {
            return replace(this.ourPerformance, ourPerformance, "ourPerformance");
        }

        /** Our figure for one metric. */
        public Builder putOurPerformance(String metric, double value) {
            ourPerformance.put(BuilderChecks.notNull(metric, "metric"), value);
            return this;
        }

        /** The competitors' mean figure per metric name; replaces every entry set so far. */
        public Builder competitorAvg(Map<String, Double> competitorAvg) {
            return replace(this.competitorAvg, competitorAvg, "competitorAvg");
        }

        /** The competitors' mean figure for one metric. */
        public Builder putCompetitorAvg(String metric, double value) {
            competitorAvg.put(BuilderChecks.notNull(metric, "metric"), value);
            return this;
        }

        /** Our improvement over the competitors per metric name, in percent; replaces every entry set so far. */
        public Builder improvementPercentage(Map<String, Double> improvementPercentage) {
            return replace(this.improvementPercentage, improvementPercentage, "improvementPercentage");
        }

        /** Our improvement over the competitors for one metric, in percent. */
        public Builder putImprovementPercentage(String metric, double value) {
            improvementPercentage.put(BuilderChecks.notNull(metric, "metric"), value);
            return this;
        }

        /** What only we offer; replaces every advantage added so far. */
        public Builder uniqueAdvantages(List<String> uniqueAdvantages) {
            List<String> copy = List.copyOf(BuilderChecks.notNull(uniqueAdvantages, "uniqueAdvantages"));
            this.uniqueAdvantages.clear();
            this.uniqueAdvantages.addAll(copy);
            return this;
        }

        /** One more thing only we offer. */
        public Builder addUniqueAdvantage(String advantage) {
            uniqueAdvantages.add(BuilderChecks.notNull(advantage, "advantage"));
            return this;
        }

        /** A new record of the entries set so far. */
        public CompetitiveBenchmarks build() {
            return new CompetitiveBenchmarks(ourPerformance, competitorAvg, improvementPercentage, uniqueAdvantages);
        }

        private Builder replace(Map<String, Double> target, Map<String, Double> entries, String component) {
            Map<String, Double> copy = Map.copyOf(BuilderChecks.notNull(entries, component));
            target.clear();
            target.putAll(copy);
            return this;
        }
    }
}
