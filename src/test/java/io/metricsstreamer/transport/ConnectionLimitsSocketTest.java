package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metricsstreamer.limits.MessageRateLimiter;
import io.metricsstreamer.testing.RawWsClient;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connection health and limits of SPEC §5 over real sockets: frame limits, admission, heartbeats, cleanup. */
@Timeout(60)
class ConnectionLimitsSocketTest {

    private static RawWsClient rawClient(TestServer server) {
        RawWsClient raw = RawWsClient.connect(server.streamer().getPort());
        assertThat(raw.status()).isEqualTo(101);
        assertThat(raw.readFrame().text()).contains("\"welcome\"");
        return raw;
    }

    @Test
    void closesWith1009WhenAFrameIsOverMaxFrameBytes() {
        try (TestServer server = TestServer.start(b -> b.maxFrameBytes(1024));
             RawWsClient raw = rawClient(server)) {
            byte[] big = new byte[2048];
            Arrays.fill(big, (byte) 'a');
            raw.sendFrame(RawWsClient.TEXT, big, true);
            RawWsClient.Frame close = raw.readUntilClose();
            assertThat(close).isNotNull();
            assertThat(close.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void closesWith1009WhenFragmentsAddUpToMoreThanMaxFrameBytes() {
        try (TestServer server = TestServer.start(b -> b.maxFrameBytes(1024));
             RawWsClient raw = rawClient(server)) {
            byte[] part = new byte[700];
            Arrays.fill(part, (byte) ' ');
            raw.sendFrame(RawWsClient.TEXT, part, false);
            raw.sendFrame(RawWsClient.CONTINUATION, part, true);
            RawWsClient.Frame close = raw.readUntilClose();
            assertThat(close).isNotNull();
            assertThat(close.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void acceptsAFragmentedMessageWithinTheLimit() {
        try (TestServer server = TestServer.start(); RawWsClient raw = rawClient(server)) {
            raw.sendFrame(RawWsClient.TEXT, "{\"type\":".getBytes(StandardCharsets.UTF_8), false);
            raw.sendFrame(RawWsClient.CONTINUATION, "\"ping\",\"id\":7}".getBytes(StandardCharsets.UTF_8), true);
            assertThat(raw.readFrame().text()).isEqualTo("{\"type\":\"pong\",\"id\":7}");
        }
    }

    @Test
    void closesWith1003OnABinaryFrame() {
        try (TestServer server = TestServer.start(); RawWsClient raw = rawClient(server)) {
            raw.sendFrame(RawWsClient.BINARY, new byte[] {1, 2, 3}, true);
            RawWsClient.Frame close = raw.readUntilClose();
            assertThat(close).isNotNull();
            assertThat(close.closeCode()).isEqualTo(1003);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.streamer().getClientCount() == 0);
        }
    }

    /** Sends {@code request} on {@code socket} and returns the status line of the answer. */
    private static String statusLine(Socket socket, String request) throws Exception {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }

    @Test
    void anUpgradeTheHandshakeRefusesHoldsNoClientSlotWhileItsConnectionStaysOpen() throws Exception {
        try (TestServer server = TestServer.start(b -> b.maxClients(1));
             Socket badVersion = new Socket("127.0.0.1", server.streamer().getPort());
             Socket noKey = new Socket("127.0.0.1", server.streamer().getPort());
             Socket post = new Socket("127.0.0.1", server.streamer().getPort());
             Socket draft = new Socket("127.0.0.1", server.streamer().getPort())) {
            for (Socket s : new Socket[] {badVersion, noKey, post, draft}) {
                s.setSoTimeout(10_000);
            }
            String upgrade = " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
            String key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

            assertThat(statusLine(badVersion, "GET /" + upgrade + key + "Sec-WebSocket-Version: 99\r\n\r\n"))
                    .startsWith("HTTP/1.1 426");
            assertThat(statusLine(noKey, "GET /" + upgrade + "Sec-WebSocket-Version: 13\r\n\r\n"))
                    .startsWith("HTTP/1.1 400");
            assertThat(statusLine(post, "POST /" + upgrade + key + "Sec-WebSocket-Version: 13\r\n"
                    + "Content-Length: 0\r\n\r\n")).startsWith("HTTP/1.1 405");
            // No version header: a pre-RFC 6455 draft, whose framing the server does not speak.
            assertThat(statusLine(draft, "GET /" + upgrade + "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
                    + "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n\r\n^n:ds[4U")).startsWith("HTTP/1.1 426");

            // The one slot must still be free.
            try (WsTestClient client = server.connect()) {
                assertThat(server.streamer().isClientConnected(client.clientId())).isTrue();
            }
        }
    }

    @Test
    void anUpgradeWhoseUrlHasAQueryIsAcceptedOnBothPorts() {
        try (TestServer server = TestServer.start();
             RawWsClient ws = RawWsClient.connect(server.streamer().getPort(), "/?dashboard=1");
             RawWsClient http = RawWsClient.connect(server.streamer().getHttpPort(), "/ws?view=cpu")) {
            assertThat(ws.status()).isEqualTo(101);
            assertThat(http.status()).isEqualTo(101);
            assertThat(ws.readFrame().text()).contains("\"welcome\"");
            assertThat(http.readFrame().text()).contains("\"welcome\"");
        }
    }

    @Test
    void aPingFrameIsAnsweredWithAPongCarryingItsPayload() {
        try (TestServer server = TestServer.start(); RawWsClient raw = rawClient(server)) {
            raw.sendFrame(RawWsClient.PING, "are you there".getBytes(StandardCharsets.UTF_8), true);
            RawWsClient.Frame pong = raw.readFrame();
            assertThat(pong.opcode()).isEqualTo(RawWsClient.PONG);
            assertThat(pong.text()).isEqualTo("are you there");
            // The connection is still well: answering did not upset the ping frame's buffer.
            raw.sendText("{\"type\":\"ping\",\"id\":2}");
            assertThat(raw.readFrame().text()).isEqualTo("{\"type\":\"pong\",\"id\":2}");
        }
    }

    @Test
    void aCloseFrameIsEchoedAndTheConnectionClosed() {
        try (TestServer server = TestServer.start(); RawWsClient raw = rawClient(server)) {
            raw.sendFrame(RawWsClient.CLOSE, new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'}, true);
            RawWsClient.Frame close = raw.readUntilClose();
            assertThat(close).isNotNull();
            assertThat(close.closeCode()).isEqualTo(1000);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.streamer().getClientCount() == 0);
        }
    }

    @Test
    void closesWith1007WhenTextIsNotUtf8EvenAcrossFragments() {
        try (TestServer server = TestServer.start(); RawWsClient whole = rawClient(server);
             RawWsClient fragmented = rawClient(server)) {
            byte[] bad = {'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
            whole.sendFrame(RawWsClient.TEXT, bad, true);
            assertThat(whole.readUntilClose().closeCode()).isEqualTo(1007);

            // A two-byte character cut in half by the fragment boundary is valid once whole.
            byte[] head = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3};
            fragmented.sendFrame(RawWsClient.TEXT, head, false);
            fragmented.sendFrame(RawWsClient.CONTINUATION, new byte[] {(byte) 0xA9, '"', '}'}, true);
            assertThat(fragmented.readFrame().text()).contains("\"error\"").contains("unknown_message_type");
            fragmented.sendFrame(RawWsClient.TEXT, Arrays.copyOf(bad, 7), false);
            fragmented.sendFrame(RawWsClient.CONTINUATION, Arrays.copyOfRange(bad, 7, bad.length), true);
            assertThat(fragmented.readUntilClose().closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void refusesHandshakesPastMaxClientsWith503AndAdmitsAgainWhenOneLeaves() {
        try (TestServer server = TestServer.start(b -> b.maxClients(2))) {
            WsTestClient a = server.connect();
            try (WsTestClient b = server.connect()) {
                try (RawWsClient refused = RawWsClient.connect(server.streamer().getPort())) {
                    assertThat(refused.status()).isEqualTo(503);
                }
                try (RawWsClient refusedOnHttpPort = RawWsClient.connect(server.streamer().getHttpPort(), "/ws")) {
                    assertThat(refusedOnHttpPort.status()).isEqualTo(503);
                }
                a.close();
                await().atMost(Duration.ofSeconds(10)).until(() -> server.streamer().getClientCount() == 1);
                try (WsTestClient c = server.connect()) {
                    assertThat(c.clientId()).isNotEqualTo(b.clientId());
                }
            }
        }
    }

    @Test
    void sendsPingsEveryHeartbeatAndClosesAClientThatStaysSilent() {
        try (TestServer server = TestServer.start(b -> b.heartbeatSeconds(0.2)); RawWsClient raw = rawClient(server)) {
            RawWsClient.Frame first = raw.readFrame();
            assertThat(first).isNotNull();
            assertThat(first.opcode()).isEqualTo(RawWsClient.PING);
            RawWsClient.Frame close = raw.readUntilClose();
            assertThat(close).isNotNull();
            assertThat(close.closeCode()).isEqualTo(1008);
            assertThat(close.closeReason()).isEqualTo("heartbeat timeout");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.streamer().getClientCount() == 0);
        }
    }

    @Test
    void aClientThatAnsweredPingsAndThenFellSilentIsClosedOnlyAfterTwoHeartbeatsOfSilence() {
        try (TestServer server = TestServer.start(b -> b.heartbeatSeconds(0.3)); RawWsClient raw = rawClient(server)) {
            for (int pongs = 0; pongs < 3; pongs++) {
                RawWsClient.Frame ping = raw.readFrame();
                assertThat(ping).isNotNull();
                assertThat(ping.opcode()).isEqualTo(RawWsClient.PING);
                raw.sendFrame(RawWsClient.PONG, ping.payload(), true);
            }
            long lastPong = System.nanoTime();

            RawWsClient.Frame close = raw.readUntilClose();

            assertThat(close).isNotNull();
            assertThat(close.closeCode()).isEqualTo(1008);
            // Never early (the pong counted as heard); the upper bound is only the read timeout.
            assertThat(Duration.ofNanos(System.nanoTime() - lastPong)).isGreaterThanOrEqualTo(Duration.ofMillis(590));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.streamer().getClientCount() == 0);
        }
    }

    @Test
    void keepsAClientThatAnswersPings() {
        // Heartbeats of 0.25 s: several pass in the second waited, with room for a loaded machine's pong.
        try (TestServer server = TestServer.start(b -> b.heartbeatSeconds(0.25));
             WsTestClient client = server.connect()) {
            await().pollDelay(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(5))
                    .until(() -> server.streamer().isClientConnected(client.clientId()));
            assertThat(client.isClosed()).isFalse();
            assertThat(client.request("{\"type\":\"ping\"}").path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void removesAClientTheMomentItDisconnects() {
        try (TestServer server = TestServer.start()) {
            WsTestClient client = server.connect();
            String id = client.clientId();
            assertThat(server.streamer().isClientConnected(id)).isTrue();
            client.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> !server.streamer().isClientConnected(id));
            assertThat(server.streamer().getClientCount()).isZero();
            assertThat(server.statistics().path("clients")).isEmpty();
        }
    }

    @Test
    void survivesAClientThatVanishesMidFrame() {
        try (TestServer server = TestServer.start(); WsTestClient healthy = server.connect()) {
            RawWsClient raw = rawClient(server);
            raw.sendPartialFrame(RawWsClient.TEXT, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8), 5);
            raw.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.streamer().getClientCount() == 1);
            assertThat(server.post("{\"metric_type\":\"system\",\"data\":{\"ok\":1}}").statusCode()).isEqualTo(202);
            assertThat(healthy.next("metric_update").at("/data/data/ok").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aClientFloodingRequestsWithoutReadingRepliesIsCutOffAlone() throws Exception {
        // With the default message rate limit the flood would be cut off as rate limited (AbuseLimitsSocketTest):
        // a limit this high leaves the replies it does not read to the slow-consumer bound, the subject here.
        try (TestServer server = TestServer.start(b -> b.slowClientBytes(16 * 1024).slowClientSeconds(0.5)
                .maxClientMessagesPerSecond(MessageRateLimiter.MAX_PER_SECOND));
             WsTestClient healthy = server.connect()) {
            RawWsClient flooder = RawWsClient.connect(server.streamer().getPort());
            assertThat(flooder.status()).isEqualTo(101);
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < 1_000_000; i++) {
                        flooder.sendText("{\"type\":\"ping\",\"id\":" + i + "}");
                    }
                } catch (RuntimeException ignored) {
                    // the server closed the connection: expected
                }
            }, "flooder");
            sender.setDaemon(true);
            sender.start();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> server.statistics().path("total_slow_clients_closed").asLong() == 1);
            flooder.close();
            sender.join(10_000);
            assertThat(sender.isAlive()).isFalse();
            assertThat(healthy.request("{\"type\":\"ping\",\"id\":1}").path("id").asInt()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.streamer().getClientCount() == 1);
        }
    }
}
