package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.testing.NettyWsClient;
import io.metricsstreamer.testing.PerMessageDeflate;
import io.metricsstreamer.testing.RawWsClient;
import io.metricsstreamer.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * permessage-deflate as clients see it on real sockets (SPEC section 11): a client offering it (Netty's client
 * library) receives exactly the messages a plain client receives; each frame is compressed once however many
 * clients get it; frames under the minimum go plain; and a server with compression off, or an offer it cannot honour,
 * answers without the extension.
 */
@Timeout(120)
class CompressionSocketTest {
    private static final String DEFLATE = "Sec-WebSocket-Extensions: permessage-deflate\r\n";
    private TestServer server;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(Consumer<StreamerConfig.Builder> tweak) {
        server = TestServer.start(tweak);
    }

    private NettyWsClient client(boolean deflate) {
        NettyWsClient c = NettyWsClient.connect(server.wsUri(), deflate);
        clients.add(c);
        return c;
    }

    private RawWsClient raw(int port, String path, String headers) {
        RawWsClient c = RawWsClient.connect(port, path, headers);
        clients.add(c);
        assertThat(c.status()).isEqualTo(101);
        return c;
    }

    /** A metric whose delivery frame is about {@code bytes} long, its data a run of readings. */
    private void publish(int i, int bytes) {
        StringBuilder readings = new StringBuilder();
        for (int r = 0; readings.length() < bytes - 120; r++) {
            readings.append(r == 0 ? "" : ",").append(1000 + (i * 37 + r * 11) % 900).append('.').append(r % 10);
        }
        assertThat(server.streamer().queueMetric("system", Map.of("i", i, "readings", "[" + readings + "]")))
                .isTrue();
    }

    private JsonNode compression() {
        return server.statistics().path("compression");
    }

    @Test
    void aClientOfferingDeflateReceivesExactlyTheMessagesOfAPlainClientSomeOfThemCompressed() {
        start(b -> b.batchSize(1));
        NettyWsClient deflate = client(true);
        NettyWsClient plain = client(false);
        assertThat(deflate.extensions()).isEqualTo("permessage-deflate; server_no_context_takeover");
        assertThat(plain.extensions()).isNull();
        int[] sizes = {100, 300, 2_000, 40, 20_000, 256, 255, 257, 5_000, 120_000};
        for (int i = 0; i < sizes.length; i++) {
            publish(i, sizes[i]);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> deflate.deliveries().size() == sizes.length
                && plain.deliveries().size() == sizes.length);
        assertThat(deflate.deliveries()).isEqualTo(plain.deliveries());
        JsonNode c = compression();
        assertThat(c.path("enabled").asBoolean()).isTrue();
        assertThat(c.path("min_bytes").asInt()).isEqualTo(256);
        long over = plain.deliveries().stream().filter(m -> m.getBytes(StandardCharsets.UTF_8).length >= 256).count();
        assertThat(c.path("frames_compressed").asLong()).isEqualTo(over);
        assertThat(c.path("compressed_frames_sent").asLong()).isEqualTo(over);
        assertThat(c.path("bytes_out").asLong()).isLessThan(c.path("bytes_in").asLong() / 2);
    }

    @Test
    void batchesReachBothKindsOfClientAlikeToo() {
        start(b -> b.batchSize(10).batchTimeoutSeconds(60));
        NettyWsClient deflate = client(true);
        NettyWsClient plain = client(false);
        for (int i = 0; i < 50; i++) {
            publish(i, 100 + 97 * i);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> deflate.deliveries().size() == 5
                && plain.deliveries().size() == 5);
        assertThat(deflate.deliveries()).isEqualTo(plain.deliveries()).allMatch(m -> m.contains("\"count\":10"));
    }

    @Test
    void aHundredCompressingClientsOfOneViewCostOneCompressionPerDistinctFrame() {
        start(b -> b.batchSize(1));
        List<NettyWsClient> fleet = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fleet.add(client(true));
        }
        int metrics = 20;
        for (int i = 0; i < metrics; i++) {
            publish(i, 600);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.stream()
                .allMatch(c -> c.deliveries().size() == metrics));
        List<String> first = fleet.get(0).deliveries();
        assertThat(fleet).allSatisfy(c -> assertThat(c.deliveries()).isEqualTo(first));
        JsonNode c = compression();
        assertThat(c.path("frames_compressed").asLong()).as("one per distinct frame").isEqualTo(metrics);
        assertThat(c.path("compressed_frames_sent").asLong()).as("one per client per frame").isEqualTo(100L * metrics);
        assertThat(server.get("/metrics").body())
                .contains("metrics_streamer_frames_compressed_total " + metrics + ".0")
                .contains("metrics_streamer_compressed_frames_sent_total " + 100 * metrics + ".0");
    }

    @Test
    void framesUnderTheMinimumGoPlainAndLargerOnesCompressedWithRsv1() {
        start(b -> b.batchSize(1).compressionMinBytes(1_000));
        RawWsClient c = raw(server.streamer().getPort(), "/", DEFLATE);
        assertThat(c.responseHead()).containsIgnoringCase(
                "sec-websocket-extensions: permessage-deflate; server_no_context_takeover\r\n");
        RawWsClient.Frame welcome = c.readFrame();
        assertThat(welcome.compressed()).as("replies go plain").isFalse();
        publish(1, 600);
        publish(2, 3_000);
        RawWsClient.Frame small = c.readFrame();
        RawWsClient.Frame large = c.readFrame();
        assertThat(small.compressed()).isFalse();
        assertThat(small.payload().length).isBetween(400, 999);
        assertThat(small.text()).contains("\"i\":1");
        assertThat(large.compressed()).isTrue();
        String inflated = new String(PerMessageDeflate.inflateAlone(large.payload()), StandardCharsets.UTF_8);
        assertThat(inflated).startsWith("{\"type\":\"metric_update\"").contains("\"i\":2");
        assertThat(inflated.length()).isGreaterThanOrEqualTo(1_000);
        assertThat(large.payload().length).isLessThan(inflated.length() / 2);
    }

    @Test
    void withCompressionOffAnOfferIsAnsweredWithoutTheExtensionAndEveryFrameGoesPlain() {
        start(b -> b.batchSize(1).compression(false));
        RawWsClient c = raw(server.streamer().getPort(), "/", DEFLATE);
        assertThat(c.responseHead()).doesNotContainIgnoringCase("sec-websocket-extensions");
        c.readFrame();
        publish(1, 3_000);
        RawWsClient.Frame large = c.readFrame();
        assertThat(large.compressed()).isFalse();
        assertThat(large.text()).contains("\"i\":1");
        assertThat(compression().path("enabled").asBoolean()).isFalse();
        assertThat(compression().path("frames_compressed").asLong()).isZero();
    }

    @Test
    void anOfferTheServerCannotHonourIsAnsweredWithoutTheExtensionAndTheNextOneTaken() {
        start(b -> b.batchSize(1));
        RawWsClient declined = raw(server.streamer().getPort(), "/",
                "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10\r\n");
        assertThat(declined.responseHead()).doesNotContainIgnoringCase("sec-websocket-extensions");
        RawWsClient second = raw(server.streamer().getPort(), "/", "Sec-WebSocket-Extensions: permessage-deflate; "
                + "server_max_window_bits=10, permessage-deflate; client_no_context_takeover\r\n");
        assertThat(second.responseHead()).containsIgnoringCase("sec-websocket-extensions: permessage-deflate; "
                + "server_no_context_takeover; client_no_context_takeover\r\n");
        declined.readFrame();
        second.readFrame();
        publish(1, 3_000);
        assertThat(declined.readFrame().compressed()).isFalse();
        assertThat(second.readFrame().compressed()).isTrue();
    }

    @Test
    void theEndpointOnTheHttpPortNegotiatesToo() {
        start(b -> b.batchSize(1));
        RawWsClient c = raw(server.streamer().getHttpPort(), "/ws", DEFLATE);
        assertThat(c.responseHead()).containsIgnoringCase("sec-websocket-extensions: permessage-deflate");
        c.readFrame();
        publish(1, 3_000);
        RawWsClient.Frame f = c.readFrame();
        assertThat(f.compressed()).isTrue();
        assertThat(new String(PerMessageDeflate.inflateAlone(f.payload()), StandardCharsets.UTF_8)).contains("\"i\":1");
    }
}
