package io.metricsstreamer.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metricsstreamer.model.AgentMetrics;
import io.metricsstreamer.model.BusinessMetrics;
import io.metricsstreamer.model.SystemMetrics;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The simulation's figures are plausible and consistent with each other. */
class DemoModelTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void failuresComeNowAndThenAndRecover() {
        FailureSchedule failures = new FailureSchedule(new SplittableRandom(7));
        double incidentSeconds = 0;
        double quietSeconds = 0;
        boolean sawRecovery = false;
        for (double t = 0; t < 600; t += 0.25) {
            double s = failures.severity(t);
            assertThat(s).isBetween(0.0, 1.0);
            incidentSeconds += s >= 1 ? 0.25 : 0;
            quietSeconds += s == 0 ? 0.25 : 0;
            sawRecovery |= s > 0 && s < 1;
        }
        assertThat(incidentSeconds).as("several incidents of 8-15 s in ten minutes").isBetween(16.0, 120.0);
        assertThat(quietSeconds).isGreaterThan(300);
        assertThat(sawRecovery).isTrue();
    }

    @Test
    void anIncidentRaisesErrorRateAndP99() {
        TrafficModel calm = new TrafficModel(new SplittableRandom(1));
        TrafficModel broken = new TrafficModel(new SplittableRandom(1));
        SystemMetrics ok = calm.step(NOW, 0.25, 0.8, 0);
        SystemMetrics bad = broken.step(NOW, 0.25, 0.8, 1);
        assertThat(bad.errorRate()).isGreaterThan(ok.errorRate() * 5);
        assertThat(bad.p99ResponseTimeMs()).isGreaterThan(ok.p99ResponseTimeMs() * 3);
        assertThat(ok.p50ResponseTimeMs()).isLessThan(ok.p95ResponseTimeMs());
        assertThat(ok.p95ResponseTimeMs()).isLessThan(ok.p99ResponseTimeMs());
        assertThat(ok.p99ResponseTimeMs()).isLessThan(ok.maxResponseTimeMs());
    }

    @Test
    void systemCountersAccumulateFromThroughput() {
        TrafficModel traffic = new TrafficModel(new SplittableRandom(3));
        double expected = 0;
        SystemMetrics last = null;
        for (int i = 0; i < 400; i++) {
            last = traffic.step(NOW, 0.25, 0.7, 0);
            expected += last.throughputTps() * 0.25;
        }
        assertThat((double) last.requestsTotal()).isCloseTo(expected, within(expected * 0.01));
        assertThat(last.requestsSuccessful() + last.requestsFailed()).isBetween(last.requestsTotal() - 2,
                last.requestsTotal() + 2);
        assertThat(last.cpuUtilization()).isBetween(0.0, 1.0);
    }

    @Test
    void agentsDifferAndTheIncidentHitsOneHardest() {
        AgentFleet fleet = new AgentFleet(6, new SplittableRandom(5));
        List<AgentMetrics> calm = fleet.step(NOW, 1, 1200, 0);
        assertThat(calm).hasSize(6);
        assertThat(calm.stream().map(AgentMetrics::agentId).collect(Collectors.toSet())).hasSize(6);
        assertThat(calm.stream().map(AgentMetrics::avgResponseTimeMs).distinct().count()).isEqualTo(6);
        assertThat(calm.stream().map(AgentMetrics::currentLoad).distinct().count()).isEqualTo(6);
        List<AgentMetrics> hit = fleet.step(NOW, 1, 1200, 1);
        assertThat(hit.get(0).healthScore()).isLessThan(calm.get(0).healthScore() - 0.3);
        assertThat(hit.get(1).healthScore()).isGreaterThan(hit.get(0).healthScore());
        assertThat(hit.get(0).requestsProcessed()).isGreaterThan(calm.get(0).requestsProcessed());
    }

    @Test
    void businessAndHeroFiguresAccumulateConsistentlyWithTraffic() {
        BusinessLedger ledger = new BusinessLedger();
        for (int i = 0; i < 240; i++) {
            ledger.step(0.25, 1000, 0.01, 0);
        }
        BusinessMetrics b = ledger.business(NOW);
        assertThat((double) b.transactionsProcessed()).isCloseTo(60 * 1000 * 0.99, within(2.0));
        assertThat((double) b.fraudDetected()).isCloseTo(b.transactionsProcessed() * BusinessLedger.FRAUD_SHARE * 0.97,
                within(2.0));
        assertThat(b.totalCost()).isCloseTo(b.transactionsProcessed() * BusinessLedger.COST_PER_TRANSACTION,
                within(0.1));
        assertThat(b.roiPercentage()).as("a plausible ROI").isBetween(50.0, 1000.0);
        assertThat(b.moneySaved()).isCloseTo(b.fraudPreventedAmount() - b.totalCost(), within(0.02));
        assertThat(ledger.hero().totalTransactions()).isEqualTo(b.transactionsProcessed());
        assertThat(ledger.hero().fraudBlocked()).isEqualTo(b.fraudDetected());
        assertThat(ledger.hero().uptimePercentage()).isBetween(98.0, 100.0);
    }
}
