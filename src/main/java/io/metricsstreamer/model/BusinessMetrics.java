package io.metricsstreamer.model;

import java.time.Instant;

/**
 * Business figures of a stress test at one instant (fraud detection, cost, return on investment). Build one by name
 * with {@link #builder()}: two of its numbers swapped would still compile positionally.
 */
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

    /** A builder with nothing set: see {@link Builder} for what an unset value becomes. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds {@link BusinessMetrics} one named value at a time. Unset values: the timestamp is the time of
     * {@link #build()}, numbers are 0. Not thread-safe; it may build again, each time a new record (and, with no
     * timestamp set, a new timestamp).
     */
    public static final class Builder {
        private Instant timestamp;
        private long transactionsProcessed;
        private double transactionsPerSecond;
        private long fraudDetected;
        private double fraudPreventedAmount;
        private double fraudDetectionRate;
        private double fraudDetectionAccuracy;
        private double costPerTransaction;
        private double totalCost;
        private double roiPercentage;
        private double moneySaved;
        private double paybackPeriodMonths;
        private double customerImpactScore;
        private double falsePositiveImpact;
        private double performanceVsBaseline;
        private double costVsBaseline;

        private Builder() {
        }

        /** When the figures were measured (unset: the time of {@link #build()}). */
        public Builder timestamp(Instant timestamp) {
            this.timestamp = BuilderChecks.notNull(timestamp, "timestamp");
            return this;
        }

        /** Transactions processed so far. */
        public Builder transactionsProcessed(long transactionsProcessed) {
            this.transactionsProcessed = transactionsProcessed;
            return this;
        }

        /** Transactions per second. */
        public Builder transactionsPerSecond(double transactionsPerSecond) {
            this.transactionsPerSecond = transactionsPerSecond;
            return this;
        }

        /** Fraudulent transactions detected so far. */
        public Builder fraudDetected(long fraudDetected) {
            this.fraudDetected = fraudDetected;
            return this;
        }

        /** Money the detected fraud would have cost. */
        public Builder fraudPreventedAmount(double fraudPreventedAmount) {
            this.fraudPreventedAmount = fraudPreventedAmount;
            return this;
        }

        /** Share of transactions flagged as fraud. */
        public Builder fraudDetectionRate(double fraudDetectionRate) {
            this.fraudDetectionRate = fraudDetectionRate;
            return this;
        }

        /** Share of fraud verdicts that were right. */
        public Builder fraudDetectionAccuracy(double fraudDetectionAccuracy) {
            this.fraudDetectionAccuracy = fraudDetectionAccuracy;
            return this;
        }

        /** Processing cost of one transaction. */
        public Builder costPerTransaction(double costPerTransaction) {
            this.costPerTransaction = costPerTransaction;
            return this;
        }

        /** Processing cost so far. */
        public Builder totalCost(double totalCost) {
            this.totalCost = totalCost;
            return this;
        }

        /** Return on investment in percent. */
        public Builder roiPercentage(double roiPercentage) {
            this.roiPercentage = roiPercentage;
            return this;
        }

        /** Net savings so far. */
        public Builder moneySaved(double moneySaved) {
            this.moneySaved = moneySaved;
            return this;
        }

        /** Months until the investment pays for itself. */
        public Builder paybackPeriodMonths(double paybackPeriodMonths) {
            this.paybackPeriodMonths = paybackPeriodMonths;
            return this;
        }

        /** How customers fare, as a score. */
        public Builder customerImpactScore(double customerImpactScore) {
            this.customerImpactScore = customerImpactScore;
            return this;
        }

        /** Cost of false positives to customers, as a score. */
        public Builder falsePositiveImpact(double falsePositiveImpact) {
            this.falsePositiveImpact = falsePositiveImpact;
            return this;
        }

        /** Performance relative to the baseline (1 = equal). */
        public Builder performanceVsBaseline(double performanceVsBaseline) {
            this.performanceVsBaseline = performanceVsBaseline;
            return this;
        }

        /** Cost relative to the baseline (1 = equal). */
        public Builder costVsBaseline(double costVsBaseline) {
            this.costVsBaseline = costVsBaseline;
            return this;
        }

        /** A new record of the values set so far. */
        public BusinessMetrics build() {
            return new BusinessMetrics(timestamp != null ? timestamp : Instant.now(), transactionsProcessed,
                    transactionsPerSecond, fraudDetected, fraudPreventedAmount, fraudDetectionRate,
                    fraudDetectionAccuracy, costPerTransaction, totalCost, roiPercentage, moneySaved,
                    paybackPeriodMonths, customerImpactScore, falsePositiveImpact, performanceVsBaseline,
                    costVsBaseline);
        }
    }
}
