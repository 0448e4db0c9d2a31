package io.metricsstreamer.model;

import static io.metricsstreamer.model.ModelJson.keys;
import static io.metricsstreamer.model.ModelJson.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PresentationDataBuilderTest {
    private static final HeroMetrics HERO = new HeroMetrics(1_000_000, 321, 1.5e6, 99.99, 1500.0, 0.995);
    private static final FlowNode GATEWAY = new FlowNode("gateway", "ingress", "healthy", 1200, 3.5, List.of(0.0, 1.0));
    private static final FlowNode LEDGER = new FlowNode("ledger", "sink", "degraded", 1100, 9.5, List.of(1.0, 1.0));
    private static final CompetitiveBenchmarks BENCHMARKS = new CompetitiveBenchmarks(Map.of("tps", 1500.0),
            Map.of("tps", 900.0), Map.of("tps", 66.7), List.of("adaptive agents"));

    @Test
    void shouldEqualThePositionalRecordWhenEveryPartIsSetWhole() {
        PresentationData built = PresentationData.builder()
                .heroMetrics(HERO)
                .businessNarrative("fraud stopped at the gate")
                .transactionFlowData(List.of(GATEWAY, LEDGER))
                .competitiveBenchmarks(BENCHMARKS)
                .costEfficiency(Map.of("cost_per_transaction", 0.0021))
                .resilienceDemonstration(Map.of("recovered_incidents", 3, "mode", "failover"))
                .build();
        PresentationData positional = new PresentationData(HERO, "fraud stopped at the gate",
                List.of(GATEWAY, LEDGER), BENCHMARKS, Map.of("cost_per_transaction", 0.0021),
                Map.of("recovered_incidents", 3, "mode", "failover"));

        assertThat(built).isEqualTo(positional);
        assertThat(tree(built)).isEqualTo(tree(positional));
    }

    @Test
    void shouldFillListsAndMapsEntryByEntryInOrder() {
        PresentationData built = PresentationData.builder()
                .addFlowNode(GATEWAY)
                .addFlowNode(LEDGER)
                .putCostEfficiency("cost_per_transaction", 0.0021)
                .putCostEfficiency("currency", "EUR")
                .putResilienceDemonstration("recovered_incidents", 3)
                .build();

        assertThat(built.transactionFlowData()).containsExactly(GATEWAY, LEDGER);
        assertThat(built.costEfficiency()).isEqualTo(Map.of("cost_per_transaction", 0.0021, "currency", "EUR"));
        assertThat(built.resilienceDemonstration()).isEqualTo(Map.of("recovered_incidents", 3));
    }

    @Test
    void shouldLetAWholeListOrMapReplaceWhatWasAdded() {
        PresentationData built = PresentationData.builder()
                .addFlowNode(GATEWAY)
                .transactionFlowData(List.of(LEDGER))
                .putCostEfficiency("old", 1)
                .costEfficiency(Map.of("new", 2))
                .build();

        assertThat(built.transactionFlowData()).containsExactly(LEDGER);
        assertThat(built.costEfficiency()).isEqualTo(Map.of("new", 2));
    }

    @Test
    void shouldGiveUnsetPartsTheirEmptyForm() {
        PresentationData empty = PresentationData.builder().build();

        assertThat(empty).isEqualTo(new PresentationData(new HeroMetrics(0, 0, 0, 0, 0, 0), "", List.of(),
                new CompetitiveBenchmarks(Map.of(), Map.of(), Map.of(), List.of()), Map.of(), Map.of()));
    }

    @Test
    void shouldWriteExactlyTheContractKeysAndNoNulls() {
        JsonNode json = tree(PresentationData.builder().build());

        assertThat(keys(PresentationData.builder().build())).containsExactlyInAnyOrder("hero_metrics",
                "business_narrative", "transaction_flow_data", "competitive_benchmarks", "cost_efficiency",
                "resilience_demonstration");
        json.properties().forEach(e -> assertThat(e.getValue().isNull()).as(e.getKey()).isFalse());
        assertThat(json.get("hero_metrics").size()).isEqualTo(6);
        assertThat(json.get("competitive_benchmarks").size()).isEqualTo(4);
    }

    @Test
    void shouldRefuseNullsNamingWhatWasNull() {
        assertThatNullPointerException().isThrownBy(() -> PresentationData.builder().heroMetrics(null))
                .withMessage("heroMetrics must not be null");
        assertThatNullPointerException().isThrownBy(() -> PresentationData.builder().addFlowNode(null))
                .withMessage("node must not be null");
        assertThatNullPointerException().isThrownBy(() -> PresentationData.builder().putCostEfficiency("x", null))
                .withMessage("value must not be null");
        assertThatNullPointerException().isThrownBy(() -> PresentationData.builder().resilienceDemonstration(null))
                .withMessage("resilienceDemonstration must not be null");
    }
}
