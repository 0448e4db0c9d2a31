package io.metricsstreamer.model;

import java.time.Instant;

/** Business figures of a stress test at one instant (fraud detection, cost, return on investment). */
public record BusinessMetrics(
        Instant timestamp,
        long transactionsProcessed,
        double transactionsPerSecond,
        long fraudDetected,
        double fraudPreventedAmount,
        double fraudDetectionRate,
        double fraudDetectionAccuracy,
        double costPerTransaction,
        double totalCost,
        double roiPercentage,
        double moneySaved,
        double paybackPeriodMonths,
        double customerImpactScore,
        double falsePositiveImpact,
        double performanceVsBaseline,
        double costVsBaseline) {
}
