package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JSON paths run once before the ports open (custom metric types included), and leave no trace: nothing is
 * counted as published, sent or dropped, and the first metric a client gets is seq 1.
 */
@Timeout(60)
class StartupWarmupSocketTest {
    @Test
    void theWarmUpPublishesNothingAndTheFirstMetricIsSeqOne() {
        try (TestServer server = TestServer.start(b -> b.extraMetricTypes(List.of("latency_slo")))) {
            JsonNode before = server.statistics();
            assertThat(before.path("total_metrics_published").asLong()).isZero();
            assertThat(before.path("total_messages_sent").asLong()).isZero();
            assertThat(before.path("total_metrics_dropped").asLong()).isZero();

            WsTestClient client = server.connect();
            try {
                client.request("{\"type\":\"subscribe\",\"metric_types\":[\"latency_slo\"]}");
                assertThat(server.streamer().queueMetric("latency_slo", Map.of("p99_ms", 12.5))).isTrue();

                JsonNode envelope = client.next("metric_update").path("data");
                assertThat(envelope.path("metric_type").asText()).isEqualTo("latency_slo");
                assertThat(envelope.path("seq").asLong()).isEqualTo(1);
                assertThat(server.statistics().path("total_metrics_published").asLong()).isEqualTo(1);
            } finally {
                client.close();
            }
        }
    }
}
