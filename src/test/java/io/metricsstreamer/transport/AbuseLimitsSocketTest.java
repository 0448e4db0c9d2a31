package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.testing.RawWsClient;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §10's abuse limits over real sockets: the message rate limit (the 51st message in a second, a sustained
 * flood, a client under the limit), the connections per address (429, a slot freed on close) and the handshake
 * deadline (Slowloris, a silent connection), each counted in the statistics and {@code /metrics}.
 */
@Timeout(90)
class AbuseLimitsSocketTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final String PING = "{\"type\":\"ping\"}";

    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopPacing() {
        pacer.shutdownNow();
    }

    private static RawWsClient rawClient(TestServer server) {
        RawWsClient raw = RawWsClient.connect(server.streamer().getPort());
        assertThat(raw.status()).isEqualTo(101);
        assertThat(raw.readFrame().text()).contains("\"welcome\"");
        return raw;
    }

    private static JsonNode json(RawWsClient.Frame frame) {
        assertThat(frame).as("a frame").isNotNull();
        assertThat(frame.opcode()).as("a text frame, got %s", frame.text()).isEqualTo(RawWsClient.TEXT);
        return TestServer.parse(frame.text());
    }

    @Test
    void theFiftyFirstMessageInASecondIsAnsweredRateLimitedAndChangesNothing() {
        try (TestServer server = TestServer.start(); RawWsClient raw = rawClient(server)) {
            String[] burst = new String[51];
            for (int i = 0; i < 50; i++) {
                burst[i] = "{\"type\":\"ping\",\"id\":" + i + "}";
            }
            burst[50] = "{\"type\":\"subscribe\",\"metric_types\":[\"system\"]}";
            raw.sendTextsAtOnce(burst);

            for (int i = 0; i < 50; i++) {
                assertThat(json(raw.readFrame()).path("id").asInt()).isEqualTo(i);
            }
            JsonNode refusal = json(raw.readFrame());
            assertThat(refusal.path("type").asText()).isEqualTo("error");
            assertThat(refusal.path("code").asText()).isEqualTo("rate_limited");
            assertThat(refusal.path("message").asText()).contains("more than 50 messages a second");

            JsonNode client = server.statistics().path("clients").get(0);
            assertThat(client.path("subscribed_metrics").toString()).as("the subscribe changed nothing")
                    .isEqualTo("[\"all\"]");
            assertThat(server.post("{\"metric_type\":\"business\",\"data\":{\"n\":1}}").statusCode()).isEqualTo(202);
            assertThat(json(raw.readFrame()).path("data").path("metric_type").asText()).isEqualTo("business");
            assertThat(server.statistics().path("total_rate_limited_messages").asLong()).isEqualTo(1);
            assertThat(server.statistics().path("total_rate_limit_closes").asLong()).isZero();
        }
    }

    @Test
    void aSustainedFloodGetsAnErrorASecondAndIsClosed1008RateLimited() {
        try (TestServer server = TestServer.start(); RawWsClient raw = rawClient(server)) {
            String[] twenty = Collections.nCopies(20, PING).toArray(new String[0]);
            pacer.scheduleAtFixedRate(() -> raw.sendTextsAtOnce(twenty), 0, 20, TimeUnit.MILLISECONDS); // 1,000/s

            List<JsonNode> errors = new ArrayList<>();
            RawWsClient.Frame close = null;
            for (RawWsClient.Frame f = raw.readFrame(); f != null; f = raw.readFrame()) {
                if (f.opcode() == RawWsClient.CLOSE) {
                    close = f;
                    break;
                }
                JsonNode m = json(f);
                if ("error".equals(m.path("type").asText())) {
                    errors.add(m);
                }
            }

            assertThat(close).as("a close frame").isNotNull();
            assertThat(close.closeCode()).isEqualTo(1008);
            assertThat(close.closeReason()).isEqualTo("rate limited");
            assertThat(errors).as("one error in each second over the limit: five, then the close")
                    .hasSizeGreaterThanOrEqualTo(5)
                    .allSatisfy(e -> assertThat(e.path("code").asText()).isEqualTo("rate_limited"));
            JsonNode stats = server.statistics();
            assertThat(stats.path("total_rate_limit_closes").asLong()).isEqualTo(1);
            assertThat(stats.path("total_rate_limited_messages").asLong())
                    .as("thousands ignored, a handful answered").isGreaterThan(1_000L)
                    .isGreaterThan(100L * errors.size());
            assertThat(server.get("/metrics").body()).contains("metrics_streamer_rate_limit_closes_total 1.0");
            await().atMost(BOUND).until(() -> server.streamer().getClientCount() == 0);
        }
    }

    @Test
    void aClientUnderTheLimitIsNeverRefusedNorClosed() {
        try (TestServer server = TestServer.start(); WsTestClient client = server.connect()) {
            int pings = 260; // 40 a second for 6.5 s: longer than the 5 s a flood lasts before its close
            AtomicInteger sent = new AtomicInteger();
            pacer.scheduleAtFixedRate(() -> {
                int id = sent.getAndIncrement();
                if (id < pings) {
                    client.send("{\"type\":\"ping\",\"id\":" + id + "}");
                }
            }, 0, 25, TimeUnit.MILLISECONDS);

            for (int i = 0; i < pings; i++) {
                JsonNode pong = client.next();
                assertThat(pong.path("type").asText()).as("reply %d", i).isEqualTo("pong");
                assertThat(pong.path("id").asInt()).isEqualTo(i);
            }
            assertThat(client.isClosed()).isFalse();
            assertThat(server.statistics().path("total_rate_limited_messages").asLong()).isZero();
        }
    }

    @Test
    void pingFramesCountAndThoseOverTheLimitGetNoPong() {
        try (TestServer server = TestServer.start(b -> b.maxClientMessagesPerSecond(3));
             RawWsClient raw = rawClient(server)) {
            for (int i = 0; i < 4; i++) {
                raw.sendFrame(RawWsClient.PING, new byte[] {(byte) i}, true);
            }
            for (int i = 0; i < 3; i++) {
                RawWsClient.Frame pong = raw.readFrame();
                assertThat(pong.opcode()).isEqualTo(RawWsClient.PONG);
                assertThat(pong.payload()).containsExactly((byte) i);
            }
            assertThat(json(raw.readFrame()).path("code").asText()).isEqualTo("rate_limited");
            assertThat(server.statistics().path("total_rate_limited_messages").asLong()).isEqualTo(1);
        }
    }

    @Test
    void pastTheConnectionsOfAnAddressAHandshakeIsRefused429AndAClosedOneFreesItsSlot() {
        try (TestServer server = TestServer.start(b -> b.maxConnectionsPerAddress(3))) {
            List<WsTestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    clients.add(server.connect());
                }
                for (int port : new int[] {server.streamer().getPort(), server.streamer().getHttpPort()}) {
                    try (RawWsClient refused = RawWsClient.connect(port, port == server.streamer().getPort()
                            ? "/" : "/ws")) {
                        assertThat(refused.status()).isEqualTo(429);
                        assertThat(TestServer.parse(refused.responseBody()).path("error").asText())
                                .contains("at most 3 at once").contains("--max-connections-per-address");
                    }
                }
                assertThat(server.get("/healthz").statusCode()).as("plain HTTP is not limited").isEqualTo(200);
                assertThat(server.statistics().path("total_connections_refused_per_address").asLong()).isEqualTo(2);
                assertThat(server.get("/metrics").body())
                        .contains("metrics_streamer_connections_refused_per_address_total 2.0");

                clients.remove(0).close();
                await().atMost(BOUND).until(() -> server.streamer().getClientCount() == 2);
                await().atMost(BOUND).untilAsserted(() -> {
                    try (RawWsClient again = RawWsClient.connect(server.streamer().getPort())) {
                        assertThat(again.status()).as("the closed client's slot is free").isEqualTo(101);
                    }
                });
            } finally {
                clients.forEach(WsTestClient::close);
            }
        }
    }

    @Test
    void aSlowlorisSendingAHeaderByteASecondIsAnswered408AtTheDeadlineAndCounted() throws Exception {
        try (TestServer server = TestServer.start(b -> b.handshakeTimeoutSeconds(2));
             Socket slow = new Socket("127.0.0.1", server.streamer().getPort())) {
            byte[] head = ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "X-Slow: " + "x".repeat(100)).getBytes(StandardCharsets.US_ASCII);
            AtomicInteger next = new AtomicInteger();
            pacer.scheduleAtFixedRate(() -> {
                try {
                    OutputStream out = slow.getOutputStream();
                    out.write(head[next.getAndIncrement() % head.length]);
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // closed: stops the trickle
                }
            }, 0, 1, TimeUnit.SECONDS);

            assertThat(readUntilClosed(slow)).startsWith("HTTP/1.1 408");
            assertThat(next.get()).as("bytes trickled before the close").isLessThan(head.length);
            await().atMost(BOUND).untilAsserted(() -> assertThat(
                    server.statistics().path("total_handshake_timeouts").asLong()).isEqualTo(1));
            assertThat(server.get("/metrics").body()).contains("metrics_streamer_handshake_timeouts_total 1.0");
        }
    }

    @Test
    void anIdleTcpConnectionIsClosedAtTheDeadlineWithoutAnAnswerAndCounted() throws Exception {
        try (TestServer server = TestServer.start(b -> b.handshakeTimeoutSeconds(1));
             Socket idle = new Socket("127.0.0.1", server.streamer().getPort());
             Socket idleHttp = new Socket("127.0.0.1", server.streamer().getHttpPort())) {
            assertThat(readUntilClosed(idle)).isEmpty();
            assertThat(readUntilClosed(idleHttp)).isEmpty();
            await().atMost(BOUND).untilAsserted(() -> assertThat(
                    server.statistics().path("total_handshake_timeouts").asLong()).isEqualTo(2));
        }
    }

    @Test
    void everyCounterIsInTheStatisticsAndTheMetricsFromTheStart() {
        try (TestServer server = TestServer.start()) {
            JsonNode stats = server.statistics();
            for (String field : List.of("total_rate_limited_messages", "total_rate_limit_closes",
                    "total_connections_refused_per_address", "total_handshake_timeouts")) {
                assertThat(stats.path(field).isIntegralNumber()).as(field).isTrue();
                assertThat(stats.path(field).asLong()).as(field).isZero();
            }
            assertThat(server.get("/metrics").body()).contains("metrics_streamer_rate_limited_messages_total 0.0",
                    "metrics_streamer_rate_limit_closes_total 0.0",
                    "metrics_streamer_connections_refused_per_address_total 0.0",
                    "metrics_streamer_handshake_timeouts_total 0.0");
        }
    }

    /** Everything the server sends until it closes the connection; fails if it is still open after the bound. */
    private static String readUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout((int) BOUND.toMillis());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n = in.read(buf); n != -1; n = in.read(buf)) {
                all.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + BOUND, e);
        } catch (SocketException e) {
            // a reset: closed all the same
        }
        return all.toString(StandardCharsets.US_ASCII);
    }
}
