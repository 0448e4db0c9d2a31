package io.metricsstreamer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.MetricsPublisher;
import io.metricsstreamer.model.AgentMetrics;
import io.metricsstreamer.model.BusinessMetrics;
import io.metricsstreamer.model.HeroMetrics;
import io.metricsstreamer.model.PresentationData;
import io.metricsstreamer.model.SystemMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's cadence, driven by hand: system every tick, agents/business/hero every second, presentation every 2. */
class SyntheticStressTestTest {

    private static final class Recorder implements MetricsPublisher {
        final List<Object> published = new ArrayList<>();

        @Override
        public boolean broadcastSystemMetrics(SystemMetrics m) {
            return published.add(m);
        }

        @Override
        public boolean broadcastAgentMetrics(List<AgentMetrics> m) {
            return published.add(m);
        }

        @Override
        public boolean broadcastBusinessMetrics(BusinessMetrics m) {
            return published.add(m);
        }

        @Override
        public boolean broadcastHeroMetrics(HeroMetrics m) {
            return published.add(m);
        }

        @Override
        public boolean broadcastPresentationData(PresentationData d) {
            return published.add(d);
        }

        @Override
        public boolean queueMetric(String type, Object data) {
            return published.add(data);
        }

        long count(Class<?> type) {
            return published.stream().filter(type::isInstance).count();
        }
    }

    @Test
    void publishesEveryTypeAtItsCadence() {
        Recorder recorder = new Recorder();
        SyntheticStressTest test = new SyntheticStressTest(recorder,
                new SyntheticStressTest.Options(LoadProfile.MIXED, 5, 1, 42));
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 40; i++) {
            test.tick(start.plusMillis(250L * i), i * 0.25);
        }
        assertThat(recorder.count(SystemMetrics.class)).isEqualTo(40);
        assertThat(recorder.count(List.class)).isEqualTo(10);
        assertThat(recorder.count(BusinessMetrics.class)).isEqualTo(10);
        assertThat(recorder.count(HeroMetrics.class)).isEqualTo(10);
        assertThat(recorder.count(PresentationData.class)).isEqualTo(5);
        assertThat(test.published()).isEqualTo(75);
        PresentationData p = (PresentationData) recorder.published.stream()
                .filter(PresentationData.class::isInstance).reduce((a, b) -> b).orElseThrow();
        assertThat(p.transactionFlowData()).hasSize(5 + 4);
        assertThat(p.businessNarrative()).contains("TPS");
    }

    @Test
    void aRateMultiplierSpeedsUpEveryTypeAlike() {
        Recorder recorder = new Recorder();
        SyntheticStressTest test = new SyntheticStressTest(recorder,
                new SyntheticStressTest.Options(LoadProfile.SUSTAINED, 4, 4, 1));
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 160; i++) {
            test.tick(start.plusNanos(62_500_000L * i), i * 0.0625);
        }
        assertThat(recorder.count(SystemMetrics.class)).isEqualTo(160);
        assertThat(recorder.count(List.class)).isEqualTo(40);
        assertThat(recorder.count(PresentationData.class)).isEqualTo(20);
    }
}
