package io.metricsstreamer.model;

/** The headline figures a dashboard shows in large type. Build them by name with {@link #builder()}. */
public record HeroMetrics(
        long totalTransactions,
        long fraudBlocked,
        double moneySaved,
        double uptimePercentage,
        double transactionsPerSecond,
        double aiAccuracy) {

    /** A builder with nothing set: every figure 0 until set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link HeroMetrics} one named figure at a time; unset figures are 0. Not thread-safe. */
    public static final class Builder {
        private long totalTransactions;
        private long fraudBlocked;
        private double moneySaved;
        private double uptimePercentage;
        private double transactionsPerSecond;
        private double aiAccuracy;

        private Builder() {
        }

        /** Transactions so far. */
        public Builder totalTransactions(long totalTransactions) {
            this.totalTransactions = totalTransactions;
            return this;
        }

        /** Fraudulent transactions blocked so far. */
        public Builder fraudBlocked(long fraudBlocked) {
            this.fraudBlocked = fraudBlocked;
            return this;
        }

        /** Money saved so far. */
        public Builder moneySaved(double moneySaved) {
            this.moneySaved = moneySaved;
            return this;
        }

        /** Uptime in percent. */
        public Builder uptimePercentage(double uptimePercentage) {
            this.uptimePercentage = uptimePercentage;
            return this;
        }

        /** Transactions per second. */
        public Builder transactionsPerSecond(double transactionsPerSecond) {
            this.transactionsPerSecond = transactionsPerSecond;
            return this;
        }

        /** Accuracy of the AI's verdicts. */
        public Builder aiAccuracy(double aiAccuracy) {
            this.aiAccuracy = aiAccuracy;
            return this;
        }

        /** A new record of the figures set so far. */
        public HeroMetrics build() {
            return new HeroMetrics(totalTransactions, fraudBlocked, moneySaved, uptimePercentage,
                    transactionsPerSecond, aiAccuracy);
        }
    }
}
