package io.metricsstreamer.demo;

import io.metricsstreamer.model.BusinessMetrics;
import io.metricsstreamer.model.HeroMetrics;
import java.time.Instant;

/**
 * Business figures that accumulate from the simulated traffic: every successful request is a transaction, 0.1% of
 * them are fraud attempts caught at the model's accuracy, each worth about $180; costs accrue per transaction.
 * Single-threaded.
 */
public final class BusinessLedger {
    /** Share of transactions that are fraud attempts. */
    public static final double FRAUD_SHARE = 0.001;
    /** Average amount of a fraud attempt, dollars. */
    public static final double FRAUD_AMOUNT = 180;
    /** Cost of processing one transaction, dollars. */
    public static final double COST_PER_TRANSACTION = 0.05;
    static final double BASELINE_COST_PER_TRANSACTION = 0.085;
    private static final double INVESTMENT = 750_000_000;

    private double transactions;
    private double fraudDetected;
    private double fraudPrevented;
    private double totalCost;
    private double downSeconds;
    private double elapsed;
    private double accuracy = 0.97;
    private double tps;

    /** Records {@code dt} seconds of {@code tps} transactions at {@code errorRate}, with incident {@code severity}. */
    public void step(double dt, double tps, double errorRate, double severity) {
        double done = tps * dt * (1 - errorRate);
        this.tps = tps * (1 - errorRate);
        accuracy = 0.97 - 0.06 * severity;
        transactions += done;
        double caught = done * FRAUD_SHARE * accuracy;
        fraudDetected += caught;
        fraudPrevented += caught * FRAUD_AMOUNT;
        totalCost += done * COST_PER_TRANSACTION;
        elapsed += dt;
        downSeconds += dt * errorRate;
    }

    /** Net savings: fraud prevented minus processing cost. */
    public double moneySaved() {
        return fraudPrevented - totalCost;
    }

    /** The business metrics now. */
    public BusinessMetrics business(Instant now) {
        double saved = moneySaved();
        double monthlySavings = elapsed > 0 ? saved / elapsed * 30 * 24 * 3600 : 0;
        return new BusinessMetrics(now, (long) transactions, TrafficModel.round(tps, 1), (long) fraudDetected,
                TrafficModel.round(fraudPrevented, 2), FRAUD_SHARE * accuracy, TrafficModel.round(accuracy, 4),
                COST_PER_TRANSACTION, TrafficModel.round(totalCost, 2),
                TrafficModel.round(totalCost > 0 ? (saved - totalCost) / totalCost * 100 : 0, 1),
                TrafficModel.round(saved, 2),
                TrafficModel.round(monthlySavings > 0 ? INVESTMENT / monthlySavings : 0, 3),
                TrafficModel.round(TrafficModel.clamp(0.92 - 2 * (1 - accuracy), 0, 1), 4),
                TrafficModel.round(0.004 + 0.02 * (0.97 - accuracy), 5),
                TrafficModel.round(1.35 - 3 * (0.97 - accuracy), 3),
                TrafficModel.round(COST_PER_TRANSACTION / BASELINE_COST_PER_TRANSACTION, 3));
    }

    /** The headline figures now. */
    public HeroMetrics hero() {
        double uptime = elapsed > 0 ? 100 * (1 - downSeconds / elapsed) : 100;
        return new HeroMetrics((long) transactions, (long) fraudDetected, TrafficModel.round(moneySaved(), 2),
                TrafficModel.round(uptime, 3), TrafficModel.round(tps, 1), TrafficModel.round(accuracy * 100, 2));
    }
}
