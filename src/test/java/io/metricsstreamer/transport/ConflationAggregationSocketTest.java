package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SPEC §9 over real sockets: latest mode and aggregation as a client sees them. */
@Timeout(60)
class ConflationAggregationSocketTest {

    @Test
    void aLatestModeClientGetsTheNewestOfEachKeyWithTheConflatedCount() {
        try (TestServer server = TestServer.start(b -> b.batchSize(100).batchTimeoutSeconds(0.2));
             WsTestClient client = server.connect()) {
            JsonNode reply = client.request("{\"type\":\"set_update_interval\",\"interval_seconds\":0,"
                    + "\"mode\":\"latest\"}");
            assertThat(reply.get("mode").asText()).isEqualTo("latest");

            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < 5; i++) {
                body.append(i == 0 ? "" : ",").append("{\"metric_type\":\"system\",\"data\":{\"tps\":").append(i)
                        .append("}},{\"metric_type\":\"agent\",\"data\":{\"agent_id\":\"a").append(i % 2)
                        .append("\",\"cpu\":").append(i).append("}}");
            }
            assertThat(server.post(body.append(']').toString()).statusCode()).isEqualTo(202);

            JsonNode delivery = client.next("metric_batch");
            List<JsonNode> envelopes = WsTestClient.envelopes(delivery);
            // Seqs 1-10: system at odd seqs, agents a0, a1, a0, a1, a0 at even ones. Newest: a1 (8), system (9),
            // a0 (10).
            assertThat(envelopes).extracting(e -> e.get("seq").asLong()).containsExactly(8L, 9L, 10L);
            assertThat(envelopes.get(2).get("data").get("agent_id").asText()).isEqualTo("a0");
            assertThat(delivery.get("conflated").asInt()).isEqualTo(7);
            assertThat(server.statistics().path("total_metrics_dropped").asLong()).isZero();
        }
    }

    @Test
    void anAggregatingClientGetsOneEnvelopePerKeyAtTheEndOfItsWindow() {
        try (TestServer server = TestServer.start(b -> b.batchSize(1));
             WsTestClient client = server.connect()) {
            client.request("{\"type\":\"subscribe\",\"metric_types\":[\"agent\"]}");
            JsonNode set = client.request("{\"type\":\"set_aggregation\",\"window_seconds\":0.5,\"function\":\"max\","
                    + "\"functions\":{\"errors\":\"sum\"}}");
            assertThat(set.get("type").asText()).isEqualTo("aggregation_set");

            // Published until a whole window of the client's has them: its first results are its first whole
            // window's, so the values of the window it asked in may not be counted.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                server.streamer().queueMetric("agent", List.of(Map.of("agent_id", "a1", "cpu", 10, "errors", 1),
                        Map.of("agent_id", "a2", "cpu", 30, "errors", 2)));
                server.streamer().queueMetric("agent", List.of(Map.of("agent_id", "a1", "cpu", 20, "errors", 1)));
                server.streamer().queueMetric("system", Map.of("tps", 1));
                return client.queued() > 0;
            });
            JsonNode aggregated = client.next("metric_update").get("data");

            JsonNode info = aggregated.get("aggregated");
            assertThat(info.get("window_seconds").asDouble()).isEqualTo(0.5);
            assertThat(info.get("function").asText()).isEqualTo("max");
            long count = info.get("count").asLong();
            assertThat(count % 2).as("two agent metrics per round").isZero();
            assertThat(aggregated.get("data").get(0).get("agent_id").asText()).isEqualTo("a1");
            assertThat(aggregated.get("data").get(0).get("cpu").asInt()).isEqualTo(20);
            assertThat(aggregated.get("data").get(0).get("errors").asLong()).as("a1 errors 1 in each").isEqualTo(count);
            assertThat(aggregated.get("data").get(1).get("errors").asLong()).as("a2 errors 2 in every other")
                    .isEqualTo(count);
            assertThat(aggregated.get("data").get(1).get("cpu").asInt()).isEqualTo(30);
            Instant end = Instant.parse(aggregated.get("timestamp").asText());
            assertThat(end.toEpochMilli() % 500).as("the window ends on a multiple of 0.5 s").isZero();
            assertThat(aggregated.get("metric_type").asText()).as("subscription applies").isEqualTo("agent");
        }
    }
}
