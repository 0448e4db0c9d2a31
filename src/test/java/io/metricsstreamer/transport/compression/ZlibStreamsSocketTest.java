package io.metricsstreamer.transport.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metricsstreamer.testing.NettyWsClient;
import io.metricsstreamer.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The native memory of compression on a real server: however many clients compress, the server holds a deflater and
 * an inflater per event loop at most, none per connection, and none once it has stopped.
 */
@Timeout(60)
class ZlibStreamsSocketTest {
    private static final int CLIENTS = 20;

    @Test
    void compressingClientsCostNoZlibStreamOfTheirOwnAndAStoppedServerHoldsNone() {
        int before = ZlibStreams.open();
        List<NettyWsClient> clients = new ArrayList<>();
        try (TestServer server = TestServer.start()) {
            for (int i = 0; i < CLIENTS; i++) {
                NettyWsClient c = NettyWsClient.connect(server.wsUri(), true);
                clients.add(c);
                c.send("{\"type\":\"subscribe\",\"metric_types\":[\"all\"]}");
            }
            server.streamer().queueMetric("system", Map.of("readings", "x".repeat(2_000)));
            await().atMost(Duration.ofSeconds(20)).until(() -> clients.stream()
                    .allMatch(c -> c.deliveries().size() == 1));
            int open = ZlibStreams.open() - before;
            assertThat(open).as("zlib streams of the server").isPositive()
                    .isLessThanOrEqualTo(2 * Runtime.getRuntime().availableProcessors()).isLessThan(CLIENTS);
            clients.forEach(NettyWsClient::close);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.streamer().getClientCount() == 0);
            assertThat(ZlibStreams.open() - before).as("closing connections frees nothing: they held none")
                    .isEqualTo(open);
        }
        assertThat(ZlibStreams.open()).as("after the server stopped").isEqualTo(before);
    }
}
