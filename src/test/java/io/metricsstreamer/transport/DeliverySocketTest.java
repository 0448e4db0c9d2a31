package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.testing.RawWsClient;
import io.metricsstreamer.testing.StalledReads;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Delivery rules of SPEC §5 end to end: batches, batch timeout, update interval, and slow consumers that lose
 * their oldest metrics (reported as {@code dropped}) or are closed 1008, without hurting other clients.
 */
@Timeout(90)
class DeliverySocketTest {
    private static final String PAD = "x".repeat(2000);

    private static String batchBody(int from, int count, String pad) {
        StringBuilder b = new StringBuilder("[");
        for (int i = from; i < from + count; i++) {
            b.append(i == from ? "" : ",").append("{\"metric_type\":\"system\",\"data\":{\"i\":").append(i)
                    .append(",\"pad\":\"").append(pad).append("\"}}");
        }
        return b.append("]").toString();
    }

    @Test
    void deliversAFullBatchAsOneMetricBatchOldestFirst() {
        try (TestServer server = TestServer.start(b -> b.batchSize(5).batchTimeoutSeconds(30));
             WsTestClient client = server.connect()) {
            assertThat(server.post(batchBody(0, 5, "")).statusCode()).isEqualTo(202);
            JsonNode batch = client.next("metric_batch");
            assertThat(batch.path("count").asInt()).isEqualTo(5);
            assertThat(batch.has("dropped")).isFalse();
            List<Integer> order = new ArrayList<>();
            batch.path("data").forEach(e -> order.add(e.at("/data/i").asInt()));
            assertThat(order).containsExactly(0, 1, 2, 3, 4);
        }
    }

    @Test
    void manyDeliveriesOfOneLoopTaskReachEveryClientAsSeparateFramesInOrderInItsOwnView() {
        try (TestServer server = TestServer.start(b -> b.batchSize(1));
             WsTestClient plainA = server.connect();
             WsTestClient onlyI = server.connect();
             WsTestClient plainB = server.connect();
             WsTestClient onlyPad = server.connect()) {
            onlyI.request("{\"type\":\"set_filters\",\"filters\":{\"fields\":[\"i\"]}}");
            onlyPad.request("{\"type\":\"set_filters\",\"filters\":{\"fields\":[\"pad\"]}}");
            assertThat(server.post(batchBody(0, 40, "x".repeat(200))).statusCode()).isEqualTo(202);

            for (WsTestClient client : List.of(plainA, onlyI, plainB, onlyPad)) {
                List<Integer> order = new ArrayList<>();
                long lastSeq = 0;
                for (int i = 0; i < 40; i++) {
                    JsonNode envelope = client.next("metric_update").path("data");
                    assertThat(envelope.path("seq").asLong()).isGreaterThan(lastSeq);
                    lastSeq = envelope.path("seq").asLong();
                    JsonNode data = envelope.path("data");
                    if (client == onlyPad) {
                        assertThat(data.has("i")).isFalse();
                        assertThat(data.path("pad").asText()).hasSize(200);
                        order.add(i);
                    } else {
                        assertThat(data.has("pad")).isEqualTo(client != onlyI);
                        order.add(data.path("i").asInt());
                    }
                }
                assertThat(order).containsExactlyElementsOf(IntStream.range(0, 40).boxed().toList());
            }
        }
    }

    @Test
    void flushesAPartialBatchAfterTheBatchTimeout() {
        try (TestServer server = TestServer.start(b -> b.batchSize(100).batchTimeoutSeconds(0.2));
             WsTestClient client = server.connect()) {
            long start = System.nanoTime();
            assertThat(server.post(batchBody(0, 3, "")).statusCode()).isEqualTo(202);
            JsonNode batch = client.next("metric_batch");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
            assertThat(batch.path("count").asInt()).isEqualTo(3);
            assertThat(server.post(batchBody(3, 1, "")).statusCode()).isEqualTo(202);
            assertThat(client.next("metric_update").at("/data/data/i").asInt()).isEqualTo(3);
        }
    }

    @Test
    void updateIntervalHoldsDeliveriesApartAndLosesNothing() {
        try (TestServer server = TestServer.start(b -> b.batchSize(1));
             WsTestClient client = server.connect()) {
            client.request("{\"type\":\"set_update_interval\",\"interval_seconds\":0.5}");
            assertThat(server.post(batchBody(0, 1, "")).statusCode()).isEqualTo(202);
            client.next("metric_update");
            long first = System.nanoTime();
            assertThat(server.post(batchBody(1, 4, "")).statusCode()).isEqualTo(202);
            JsonNode held = client.next("metric_batch");
            // Loose: the clock starts when this thread got the first metric, which a loaded machine can delay by a
            // good part of the interval; without the interval the batch would come within milliseconds.
            assertThat(Duration.ofNanos(System.nanoTime() - first)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            assertThat(held.path("count").asInt()).isEqualTo(4);
        }
    }

    @Test
    void aStalledClientLosesItsOldestMetricsReportedAsDroppedWhileOthersGetEverything() {
        try (TestServer server = TestServer.start(b -> b.batchSize(1).maxPending(20).slowClientBytes(16 * 1024)
                .slowClientSeconds(60));
             WsTestClient healthy = server.connect()) {
            RawWsClient stalled = RawWsClient.connect(server.streamer().getPort());
            assertThat(stalled.status()).isEqualTo(101);
            // Until the server drops for the stalled client: how much its socket buffers take first depends on how
            // far the kernel grew them (megabytes), not on the server.
            int total = 0;
            while (server.statistics().path("total_metrics_dropped").asLong() == 0 && total < 40_000) {
                assertThat(server.post(batchBody(total, 50, PAD)).statusCode()).isEqualTo(202);
                List<JsonNode> got = healthy.metrics(50);
                for (int j = 0; j < 50; j++) {
                    assertThat(got.get(j).at("/data/i").asInt()).isEqualTo(total + j);
                }
                total += 50;
            }
            assertThat(server.statistics().path("total_metrics_dropped").asLong()).isPositive();
            StalledReads read = StalledReads.readUntilAccounted(stalled, total);
            assertThat(read.dropped()).isPositive();
            assertThat(read.received() + read.dropped()).isEqualTo(total);
            assertThat(read.lastI()).isEqualTo(total - 1);
            stalled.close();
        }
    }

    @Test
    void closesAClientStuckOverTheSlowMarkWith1008AndCountsIt() {
        try (TestServer server = TestServer.start(b -> b.batchSize(1).maxPending(50).slowClientBytes(16 * 1024)
                .slowClientSeconds(0.5));
             WsTestClient healthy = server.connect()) {
            RawWsClient stalled = RawWsClient.connect(server.streamer().getPort());
            assertThat(stalled.status()).isEqualTo(101);
            int sent = 0;
            while (server.statistics().path("total_slow_clients_closed").asLong() == 0 && sent < 20_000) {
                assertThat(server.post(batchBody(sent, 50, PAD)).statusCode()).isEqualTo(202);
                sent += 50;
                healthy.metrics(50);
            }
            assertThat(server.statistics().path("total_slow_clients_closed").asLong()).isEqualTo(1);
            RawWsClient.Frame close = stalled.readUntilClose();
            if (close != null) {
                assertThat(close.closeCode()).isEqualTo(1008);
                assertThat(close.closeReason()).isEqualTo("slow consumer");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.streamer().getClientCount() == 1);
            assertThat(server.post(batchBody(sent, 1, "")).statusCode()).isEqualTo(202);
            assertThat(healthy.next("metric_update").at("/data/data/i").asInt()).isEqualTo(sent);
            stalled.close();
        }
    }
}
