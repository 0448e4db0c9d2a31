package io.metricsstreamer.ingest.tools;

import static io.metricsstreamer.ingest.tools.K6SummaryTest.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.testing.LoadToolSamples;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JMeter's backend listener, line for line as it writes them ({@link LoadToolSamples}): every send interval one
 * request with the window's lines.
 */
class JmeterSummaryTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final LoadToolLines lines = new LoadToolLines();

    @Test
    void aWindowIsASystemMetricOverTheTimeSinceTheApplicationsLastWrite() {
        String start = LoadToolSamples.jmeterStart(T0);
        assertThat(lines.write(start, T0)).as("no samples yet").isEmpty();

        List<MetricEnvelope> out = lines.write(LoadToolSamples.jmeterWindow(T0.plusSeconds(5)), T0.plusSeconds(5));

        assertThat(out).extracting(e -> e.type().name()).containsExactly("system", "agent");
        JsonNode s = data(out.get(0));
        assertThat(out.get(0).timestamp()).isEqualTo(T0.plusSeconds(5));
        assertThat(s.path("throughput_tps").asDouble()).isEqualTo(10.0);
        assertThat(s.path("requests_total").asLong()).isEqualTo(50);
        assertThat(s.path("requests_failed").asLong()).isEqualTo(5);
        assertThat(s.path("error_rate").asDouble()).isCloseTo(0.1, within(1e-12));
        assertThat(s.path("avg_response_time_ms").asDouble()).isEqualTo(80.5);
        assertThat(s.path("p95_response_time_ms").asDouble()).isEqualTo(400.0);
        assertThat(s.path("p99_response_time_ms").asDouble()).isEqualTo(900.0);
        assertThat(s.has("p50_response_time_ms")).as("JMeter sent no 50th percentile").isFalse();
        assertThat(s.path("max_response_time_ms").asDouble()).isEqualTo(950.0);
        assertThat(s.path("network_throughput_mbps").asDouble()).isCloseTo(1255000 * 8 / 1e6 / 5, within(1e-9));
        assertThat(s.path("active_threads").asDouble()).isEqualTo(10);

        JsonNode agents = data(out.get(1));
        assertThat(agents).extracting(a -> a.path("agent_id").asText()).containsExactly("login", "checkout");
        JsonNode checkout = agents.get(1);
        assertThat(checkout.path("requests_processed").asLong()).isEqualTo(30);
        assertThat(checkout.path("error_count").asLong()).isEqualTo(5);
        assertThat(checkout.path("success_rate").asDouble()).isCloseTo(25.0 / 30, within(1e-12));
        assertThat(checkout.path("throughput_tps").asDouble()).isEqualTo(6.0);
        assertThat(checkout.path("current_load").asDouble()).isCloseTo(0.6, within(1e-12));
        assertThat(checkout.path("p95_response_time_ms").asDouble()).isEqualTo(600.0);

        List<MetricEnvelope> next = lines.write(LoadToolSamples.jmeterWindow(T0.plusSeconds(15)), T0.plusSeconds(15));
        assertThat(data(next.get(0)).path("throughput_tps").asDouble()).as("over 10 s").isEqualTo(5.0);
        assertThat(data(next.get(0)).path("requests_total").asLong()).as("running total").isEqualTo(100);
        assertThat(data(next.get(1)).get(1).path("error_count").asLong()).as("running total").isEqualTo(10);
    }

    @Test
    void anApplicationsFirstWindowIsTheListenersDefaultInterval() {
        List<MetricEnvelope> out = lines.write(LoadToolSamples.jmeterWindow(T0), T0);
        assertThat(data(out.get(0)).path("throughput_tps").asDouble()).isEqualTo(10.0);
        assertThat(data(out.get(0)).path("application").asText()).isEqualTo("shop");
    }
}
