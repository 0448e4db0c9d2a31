package io.metricsstreamer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metricsstreamer.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bench's own WebSocket clients against a real server: the handshake, pings answered, frames far larger than one
 * read scanned piece by piece, and close frames counted.
 */
@Timeout(60)
class BenchClientSocketTest {
    private static final long CONNECT_TIMEOUT = TimeUnit.SECONDS.toNanos(20);

    @Test
    void clientsAnswerThePingsOfEveryHeartbeatAndStayConnected() {
        try (TestServer server = TestServer.start(b -> b.heartbeatSeconds(0.1));
             ClientFleet fleet = new ClientFleet(1, new MeasureWindow())) {
            assertThat(fleet.connect(server.wsUri(), 5, false, CONNECT_TIMEOUT)).isEqualTo(5);

            // Silent clients are closed after two heartbeats (0.2 s); these must still be there after seven.
            await().pollDelay(Duration.ofMillis(700)).atMost(Duration.ofSeconds(10))
                    .until(() -> server.streamer().getClientCount() == 5);
            assertThat(fleet.open()).isEqualTo(5);
            assertThat(fleet.collect().counts.closeFrames).isZero();
        }
    }

    @Test
    void aBatchFarLargerThanOneReadIsCountedWholeAndInOrder() {
        int metrics = 2_500;
        String padding = "x".repeat(300);
        try (TestServer server = TestServer.start(b -> b.batchSize(metrics).batchTimeoutSeconds(30));
             ClientFleet fleet = new ClientFleet(1, new MeasureWindow())) {
            assertThat(fleet.connect(server.wsUri(), 3, false, CONNECT_TIMEOUT)).isEqualTo(3);

            for (int i = 0; i < metrics; i++) {
                assertThat(server.streamer().queueMetric("system", Map.of("n", i, "padding", padding))).isTrue();
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> fleet.received() == 3L * metrics);
            ClientTotals totals = fleet.collect();
            assertThat(totals.counts.outOfOrder).isZero();
            assertThat(totals.counts.duplicates).isZero();
            // welcome and subscription_confirmed, then the one batch of about 900 KB
            assertThat(totals.counts.framesTotal).isEqualTo(3 * 3);
        }
    }

    @Test
    void theServersCloseFramesAreCounted() {
        try (ClientFleet fleet = new ClientFleet(1, new MeasureWindow())) {
            try (TestServer server = TestServer.start()) {
                assertThat(fleet.connect(server.wsUri(), 4, false, CONNECT_TIMEOUT)).isEqualTo(4);
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> fleet.open() == 0);
            ClientTotals totals = fleet.collect();
            assertThat(totals.counts.closeFrames).isEqualTo(4);
            assertThat(totals.counts.close1008).isZero();
        }
    }
}
