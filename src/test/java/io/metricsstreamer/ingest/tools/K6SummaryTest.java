package io.metricsstreamer.ingest.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.testing.LoadToolSamples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** k6's InfluxDB output, a point per sample as k6 writes them ({@link LoadToolSamples}). */
class K6SummaryTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final LoadToolLines lines = new LoadToolLines();

    @Test
    void aSecondIsPublishedOnceSamplesTwoSecondsNewerArrive() {
        String first = LoadToolSamples.k6Request(T0.plusMillis(100), "https://shop.test/", 10, false)
                + LoadToolSamples.k6Request(T0.plusMillis(400), "https://shop.test/", 20, false)
                + LoadToolSamples.k6Request(T0.plusMillis(900), "https://shop.test/cart", 30, true)
                + "vus value=7i " + LoadToolSamples.ns(T0.plusMillis(950)) + "\n"
                + "data_received value=125000 " + LoadToolSamples.ns(T0.plusMillis(950)) + "\n"
                + "iterations,scenario=default value=1 " + LoadToolSamples.ns(T0.plusMillis(950)) + "\n";
        assertThat(lines.write(first, T0.plusSeconds(1))).isEmpty();
        String second = LoadToolSamples.k6Request(T0.plusMillis(1_200), "https://shop.test/", 40, false)
                + LoadToolSamples.k6Request(T0.plusMillis(1_700), "https://shop.test/", 50, false);
        assertThat(lines.write(second, T0.plusSeconds(2))).isEmpty();

        List<MetricEnvelope> out = lines.write(LoadToolSamples.k6Request(T0.plusMillis(3_100), "https://shop.test/", 5, false),
                T0.plusSeconds(3));

        assertThat(out).extracting(e -> e.type().name()).containsExactly("system", "agent", "system", "agent");
        JsonNode s0 = data(out.get(0));
        assertThat(out.get(0).timestamp()).isEqualTo(T0);
        assertThat(s0.path("source").asText()).isEqualTo("k6");
        assertThat(s0.path("throughput_tps").asDouble()).isEqualTo(3);
        assertThat(s0.path("requests_total").asLong()).isEqualTo(3);
        assertThat(s0.path("requests_failed").asLong()).isEqualTo(1);
        assertThat(s0.path("error_rate").asDouble()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(s0.path("avg_response_time_ms").asDouble()).isCloseTo(20, within(1e-9));
        assertThat(s0.path("p50_response_time_ms").asDouble()).isCloseTo(20, within(0.05));
        assertThat(s0.path("max_response_time_ms").asDouble()).isCloseTo(30, within(0.05));
        assertThat(s0.path("network_throughput_mbps").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(s0.path("active_threads").asDouble()).isEqualTo(7);
        JsonNode agents = data(out.get(1));
        assertThat(agents).hasSize(2);
        assertThat(agents.get(0).path("agent_id").asText()).isEqualTo("https://shop.test/");
        assertThat(agents.get(0).path("requests_processed").asLong()).isEqualTo(2);
        assertThat(agents.get(1).path("error_count").asLong()).isEqualTo(1);
        assertThat(agents.get(1).path("success_rate").asDouble()).isZero();

        JsonNode s1 = data(out.get(2));
        assertThat(out.get(2).timestamp()).isEqualTo(T0.plusSeconds(1));
        assertThat(s1.path("throughput_tps").asDouble()).isEqualTo(2);
        assertThat(s1.path("requests_total").asLong()).as("running total").isEqualTo(5);
        assertThat(s1.path("error_rate").asDouble()).isZero();
        assertThat(data(out.get(3)).get(0).path("requests_processed").asLong()).as("running total").isEqualTo(4);
    }

    @Test
    void aSilenceCompletesTheOpenSecondsAndALateSampleIsCountedNotLost() {
        lines.write(LoadToolSamples.k6Request(T0.plusMillis(100), "a", 10, false), T0.plusSeconds(1));
        assertThat(lines.due(T0.plusMillis(2_900))).as("not silent for 2 s yet").isEmpty();
        List<MetricEnvelope> out = lines.due(T0.plusSeconds(3));
        assertThat(out).extracting(e -> e.type().name()).containsExactly("system", "agent");
        assertThat(lines.due(T0.plusSeconds(10))).isEmpty();

        // A sample of a second already published joins the oldest open second (here the write's newest).
        lines.write(LoadToolSamples.k6Request(T0.plusMillis(500), "a", 10, false)
                + LoadToolSamples.k6Request(T0.plusMillis(5_500), "a", 10, false), T0.plusSeconds(6));
        List<MetricEnvelope> late = lines.due(T0.plusSeconds(9));
        assertThat(late).hasSize(2);
        assertThat(late.get(0).timestamp()).isEqualTo(T0.plusSeconds(5));
        assertThat(data(late.get(0)).path("throughput_tps").asDouble()).isEqualTo(2);
        assertThat(data(late.get(0)).path("requests_total").asLong()).isEqualTo(3);
    }

    @Test
    void k6sOtherMetricsAreAcceptedWithoutMakingMetricsOfTheirOwn() {
        Instant at = T0.plusMillis(10);
        String body = "checks,check=status\\ is\\ 200,scenario=default value=1 " + LoadToolSamples.ns(at) + "\n"
                + "group_duration,group=::login,scenario=default value=12.5 " + LoadToolSamples.ns(at) + "\n"
                + "ws_msgs_received,scenario=default value=1 " + LoadToolSamples.ns(at) + "\n"
                + "vus_max value=10i " + LoadToolSamples.ns(at) + "\n";
        assertThat(lines.write(body, T0.plusSeconds(1))).isEmpty();
        assertThat(lines.due(T0.plusSeconds(5))).as("a second without requests is not drawn").isEmpty();
    }

    @Test
    void aScriptsCustomMetricsRideAlongInK6sWritesButAreNotAcceptedAlone() {
        String custom = "checkout_time,scenario=default value=87.5 " + LoadToolSamples.ns(T0) + "\n";
        assertThat(lines.write(LoadToolSamples.k6Request(T0, "a", 10, false) + custom, T0.plusSeconds(1))).isEmpty();
        assertThat(lines.due(T0.plusSeconds(5))).extracting(e -> e.type().name()).containsExactly("system", "agent");
        assertThatThrownBy(() -> lines.write(custom, T0.plusSeconds(6))).isInstanceOf(AssertionError.class)
                .hasMessage("line 1: no metric type for measurement 'checkout_time': map it with --influx-map "
                        + "MEASUREMENT=TYPE, or set --influx-default-type");
    }

    static JsonNode data(MetricEnvelope e) {
        try {
            return Json.mapper().readTree(e.dataJson());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
