package io.metricsstreamer.model;

import static io.metricsstreamer.model.ModelJson.keys;
import static io.metricsstreamer.model.ModelJson.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompetitiveBenchmarksBuilderTest {

    @Test
    void shouldEqualThePositionalRecordWhenEveryCollectionIsSetWhole() {
        CompetitiveBenchmarks built = CompetitiveBenchmarks.builder()
                .ourPerformance(Map.of("tps", 1500.0))
                .competitorAvg(Map.of("tps", 900.0))
                .improvementPercentage(Map.of("tps", 66.7))
                .uniqueAdvantages(List.of("adaptive agents"))
                .build();
        CompetitiveBenchmarks positional = new CompetitiveBenchmarks(Map.of("tps", 1500.0), Map.of("tps", 900.0),
                Map.of("tps", 66.7), List.of("adaptive agents"));

        assertThat(built).isEqualTo(positional);
        assertThat(tree(built)).isEqualTo(tree(positional));
    }

    @Test
    void shouldFillEachCollectionEntryByEntry() {
        CompetitiveBenchmarks built = CompetitiveBenchmarks.builder()
                .putOurPerformance("tps", 1500)
                .putOurPerformance("p99_ms", 48)
                .putCompetitorAvg("tps", 900)
                .putImprovementPercentage("tps", 66.7)
                .addUniqueAdvantage("adaptive agents")
                .addUniqueAdvantage("explainable verdicts")
                .build();

        assertThat(built).isEqualTo(new CompetitiveBenchmarks(Map.of("tps", 1500.0, "p99_ms", 48.0),
                Map.of("tps", 900.0), Map.of("tps", 66.7), List.of("adaptive agents", "explainable verdicts")));
    }

    @Test
    void shouldLetALaterEntryOrWholeCollectionReplaceWhatWasThere() {
        CompetitiveBenchmarks built = CompetitiveBenchmarks.builder()
                .putOurPerformance("tps", 1)
                .putOurPerformance("tps", 2)
                .putCompetitorAvg("old", 1)
                .competitorAvg(Map.of("tps", 3.0))
                .addUniqueAdvantage("old")
                .uniqueAdvantages(List.of("new"))
                .build();

        assertThat(built.ourPerformance()).isEqualTo(Map.of("tps", 2.0));
        assertThat(built.competitorAvg()).isEqualTo(Map.of("tps", 3.0));
        assertThat(built.uniqueAdvantages()).containsExactly("new");
    }

    @Test
    void shouldLeaveUnsetCollectionsEmptyAndWriteExactlyTheContractKeys() {
        CompetitiveBenchmarks empty = CompetitiveBenchmarks.builder().build();

        assertThat(empty).isEqualTo(new CompetitiveBenchmarks(Map.of(), Map.of(), Map.of(), List.of()));
        assertThat(keys(empty)).containsExactlyInAnyOrder("our_performance", "competitor_avg",
                "improvement_percentage", "unique_advantages");
    }

    @Test
    void shouldRefuseNullsNamingWhatWasNull() {
        Map<String, Double> nullValue = new HashMap<>();
        nullValue.put("tps", null);

        assertThatNullPointerException().isThrownBy(() -> CompetitiveBenchmarks.builder().putOurPerformance(null, 1))
                .withMessage("metric must not be null");
        assertThatNullPointerException().isThrownBy(() -> CompetitiveBenchmarks.builder().competitorAvg(null))
                .withMessage("competitorAvg must not be null");
        assertThatNullPointerException().isThrownBy(() -> CompetitiveBenchmarks.builder().addUniqueAdvantage(null))
                .withMessage("advantage must not be null");
        assertThatNullPointerException().isThrownBy(() -> CompetitiveBenchmarks.builder().ourPerformance(nullValue));
    }
}
