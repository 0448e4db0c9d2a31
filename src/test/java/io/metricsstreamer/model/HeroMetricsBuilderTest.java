package io.metricsstreamer.model;

import static io.metricsstreamer.model.ModelJson.keys;
import static io.metricsstreamer.model.ModelJson.tree;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeroMetricsBuilderTest {

    @Test
    void shouldEqualThePositionalRecordWhenEveryFigureIsSet() {
        HeroMetrics built = HeroMetrics.builder()
                .totalTransactions(1)
                .fraudBlocked(2)
                .moneySaved(3.5)
                .uptimePercentage(4.5)
                .transactionsPerSecond(5.5)
                .aiAccuracy(6.5)
                .build();
        HeroMetrics positional = new HeroMetrics(1, 2, 3.5, 4.5, 5.5, 6.5);

        assertThat(built).isEqualTo(positional);
        assertThat(tree(built)).isEqualTo(tree(positional));
    }

    @Test
    void shouldLeaveUnsetFiguresAtZero() {
        assertThat(HeroMetrics.builder().build()).isEqualTo(new HeroMetrics(0, 0, 0, 0, 0, 0));
    }

    @Test
    void shouldWriteExactlyTheContractKeys() {
        assertThat(keys(HeroMetrics.builder().build())).containsExactlyInAnyOrder("total_transactions",
                "fraud_blocked", "money_saved", "uptime_percentage", "transactions_per_second", "ai_accuracy");
    }
}
