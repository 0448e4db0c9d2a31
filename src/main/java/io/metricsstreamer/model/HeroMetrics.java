package io.metricsstreamer.model;

/** The headline figures a dashboard shows in large type. */
public record HeroMetrics(
        long totalTransactions,
        long fraudBlocked,
        double moneySaved,
        double uptimePercentage,
        double transactionsPerSecond,
        double aiAccuracy) {
}
