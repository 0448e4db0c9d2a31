package io.metricsstreamer.model;

import static io.metricsstreamer.model.ModelJson.keys;
import static io.metricsstreamer.model.ModelJson.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BusinessMetricsBuilderTest {
    private static final Instant AT = Instant.parse("2024-01-01T12:00:00.123456Z");

    @Test
    void shouldEqualThePositionalRecordWhenEveryValueIsSet() {
        BusinessMetrics built = BusinessMetrics.builder()
                .timestamp(AT)
                .transactionsProcessed(1)
                .transactionsPerSecond(2.5)
                .fraudDetected(3)
                .fraudPreventedAmount(4.5)
                .fraudDetectionRate(5.5)
                .fraudDetectionAccuracy(6.5)
                .costPerTransaction(7.5)
                .totalCost(8.5)
                .roiPercentage(9.5)
                .moneySaved(10.5)
                .paybackPeriodMonths(11.5)
                .customerImpactScore(12.5)
                .falsePositiveImpact(13.5)
                .performanceVsBaseline(14.5)
                .costVsBaseline(15.5)
                .build();
        BusinessMetrics positional = new BusinessMetrics(AT, 1, 2.5, 3, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5,
                12.5, 13.5, 14.5, 15.5);

        assertThat(built).isEqualTo(positional);
        assertThat(tree(built)).isEqualTo(tree(positional));
    }

    @Test
    void shouldStampAnUnsetTimestampAtBuildTimeAndLeaveNumbersAtZero() {
        BusinessMetrics.Builder builder = BusinessMetrics.builder();

        Instant before = Instant.now();
        BusinessMetrics m = builder.build();
        Instant after = Instant.now();

        assertThat(m.timestamp()).isBetween(before, after);
        assertThat(m).isEqualTo(new BusinessMetrics(m.timestamp(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void shouldWriteExactlyTheContractKeys() {
        assertThat(keys(BusinessMetrics.builder().build())).containsExactlyInAnyOrder("timestamp",
                "transactions_processed", "transactions_per_second", "fraud_detected", "fraud_prevented_amount",
                "fraud_detection_rate", "fraud_detection_accuracy", "cost_per_transaction", "total_cost",
                "roi_percentage", "money_saved", "payback_period_months", "customer_impact_score",
                "false_positive_impact", "performance_vs_baseline", "cost_vs_baseline");
    }

    @Test
    void shouldRefuseANullTimestampNamingIt() {
        assertThatNullPointerException().isThrownBy(() -> BusinessMetrics.builder().timestamp(null))
                .withMessage("timestamp must not be null");
    }
}
