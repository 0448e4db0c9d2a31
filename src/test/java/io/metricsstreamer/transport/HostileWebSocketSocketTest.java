package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.metricsstreamer.testing.LogCapture;
import io.metricsstreamer.testing.RawWsClient;
import io.metricsstreamer.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile clients over real sockets: frames and messages a well-behaved client library would never send. Each gets
 * the answer RFC 6455 and SPEC §5 prescribe, the server stays up for everyone else, and the log stays quiet.
 */
@Timeout(60)
class HostileWebSocketSocketTest {
    private TestServer server;
    private LogCapture log;

    @BeforeEach
    void start() {
        server = TestServer.start();
        log = LogCapture.start();
    }

    @AfterEach
    void stop() {
        log.close();
        server.close();
    }

    private RawWsClient rawClient() {
        RawWsClient raw = RawWsClient.connect(server.streamer().getPort());
        assertThat(raw.status()).isEqualTo(101);
        assertThat(raw.readFrame().text()).contains("\"welcome\"");
        return raw;
    }

    private static byte[] closePayload(int code, byte... reason) {
        return ByteBuffer.allocate(2 + reason.length).putShort((short) code).put(reason).array();
    }

    private RawWsClient.Frame closeWith(byte[] payload) {
        try (RawWsClient raw = rawClient()) {
            raw.sendFrame(RawWsClient.CLOSE, payload, true);
            RawWsClient.Frame close = raw.readUntilClose();
            assertThat(close).as("the server's close frame").isNotNull();
            assertThat(raw.readFrame()).as("nothing after the close frame").isNull();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.streamer().getClientCount() == 0);
            return close;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535})
    void aCloseCodeThatMustNotBeSentIsAnsweredWith1002(int code) {
        RawWsClient.Frame close = closeWith(closePayload(code, (byte) 'x'));
        assertThat(close.closeCode()).isEqualTo(1002);
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1003, 1007, 1011, 1014, 3000, 4999})
    void aWellFormedCloseIsEchoed(int code) {
        RawWsClient.Frame close = closeWith(closePayload(code, (byte) 'b', (byte) 'y', (byte) 'e'));
        assertThat(close.closeCode()).isEqualTo(code);
        assertThat(close.closeReason()).isEqualTo("bye");
    }

    @Test
    void anEmptyCloseIsEchoedEmpty() {
        assertThat(closeWith(new byte[0]).payload()).isEmpty();
    }

    @Test
    void aCloseReasonThatIsNotUtf8IsAnsweredWith1007() {
        RawWsClient.Frame close = closeWith(closePayload(1000, (byte) 'o', (byte) 0xC3, (byte) 0x28));
        assertThat(close.closeCode()).isEqualTo(1007);
    }

    @Test
    void aCloseWithAOneBytePayloadIsAnsweredWith1002() {
        RawWsClient.Frame close = closeWith(new byte[] {0x03});
        assertThat(close.closeCode()).isEqualTo(1002);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999999999", "12345678901234567890123456789", "0.1000", "-0.0", "\"\\u00e9\"", "null",
        "[1, {\"a\": 2.50}]"})
    void aPongEchoesThePingsIdExactlyAsWritten(String id) {
        try (RawWsClient raw = rawClient()) {
            raw.sendText("{\"type\":\"ping\",\"id\":" + id + "}");
            assertThat(raw.readFrame().text()).isEqualTo("{\"type\":\"pong\",\"id\":" + id + "}");
        }
    }

    @Test
    void anIntervalOfMinusZeroIsZeroInTheReplyAndTheStatistics() {
        try (RawWsClient raw = rawClient()) {
            raw.sendText("{\"type\":\"set_update_interval\",\"interval_seconds\":-0.0}");
            assertThat(raw.readFrame().text())
                    .isEqualTo("{\"type\":\"update_interval_set\",\"interval_seconds\":0.0,\"mode\":\"all\"}");
            assertThat(server.statistics().at("/clients/0/update_interval_seconds").toString()).isEqualTo("0.0");
        }
    }

    /** What the client did, the kind it is counted under, and its close code (0: none expected). */
    private void assertCountedQuietly(String kind) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                server.statistics().at("/client_errors/" + kind).asLong()).isEqualTo(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.streamer().getClientCount() == 0);
        assertThat(server.get("/metrics").body()).contains("metrics_streamer_client_errors_total{kind=\"" + kind
                + "\"} 1.0");
        assertThat(log.atLeast(Level.WARN)).as("warnings").isEmpty();
        assertThat(log.withStackTraces()).as("stack traces").isEmpty();
    }

    @Test
    void anUnmaskedFrameIsAnsweredWith1002CountedAndLoggedInOneLine() {
        try (RawWsClient raw = rawClient()) {
            raw.sendRaw(new byte[] {(byte) 0x81, 0x02, '{', '}'});
            assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
        }
        assertCountedQuietly("websocket_protocol");
    }

    @Test
    void aFrameWithReservedBitsIsAnsweredWith1002CountedAndLoggedInOneLine() {
        try (RawWsClient raw = rawClient()) {
            raw.sendRaw(new byte[] {(byte) 0xC1, (byte) 0x80, 1, 2, 3, 4});
            assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
        }
        assertCountedQuietly("websocket_protocol");
    }

    @Test
    void aBadCloseFrameIsCountedAndLoggedInOneLine() {
        closeWith(closePayload(1005));
        assertCountedQuietly("websocket_protocol");
    }

    @Test
    void aClientResettingItsConnectionIsCountedAndLoggedInOneLine() {
        RawWsClient raw = rawClient();
        raw.sendPartialFrame(RawWsClient.TEXT, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8), 5);
        raw.reset();
        assertCountedQuietly("connection_reset");
    }

    @Test
    void aClientVanishingMidFrameIsCountedAndLoggedInOneLine() {
        RawWsClient raw = rawClient();
        raw.sendPartialFrame(RawWsClient.TEXT, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8), 5);
        raw.close();
        assertCountedQuietly("incomplete_message");
    }

    @Test
    void anHttpClientVanishingMidBodyIsCountedAndLoggedInOneLine() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.streamer().getHttpPort()), 5_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/metrics HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"metric_type\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        assertCountedQuietly("incomplete_message");
    }

    @Test
    void anHttpClientResettingMidBodyIsCountedAndLoggedInOneLine() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.streamer().getHttpPort()), 5_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/metrics HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"metric_type\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.setSoLinger(true, 0);
        }
        assertCountedQuietly("connection_reset");
    }

    @Test
    void aBinaryFrameIsCountedAndLoggedInOneLine() {
        try (RawWsClient raw = rawClient()) {
            raw.sendFrame(RawWsClient.BINARY, new byte[] {1, 2, 3}, true);
            assertThat(raw.readUntilClose().closeCode()).isEqualTo(1003);
        }
        assertCountedQuietly("websocket_protocol");
    }

    @Test
    void aFrameOverTheLimitIsCountedAndLoggedInOneLine() {
        try (RawWsClient raw = rawClient()) {
            ByteBuffer header = ByteBuffer.allocate(14).put((byte) 0x81).put((byte) (0x80 | 127)).putLong(1L << 40)
                    .putInt(0);
            raw.sendRaw(header.array());
            assertThat(raw.readUntilClose().closeCode()).isEqualTo(1009);
        }
        assertCountedQuietly("message_too_big");
    }

    @Test
    void everyKindIsInTheStatisticsAndTheMetricsFromTheStart() {
        assertThat(server.statistics().path("client_errors").toString()).isEqualTo("{\"websocket_protocol\":0,"
                + "\"message_too_big\":0,\"incomplete_message\":0,\"connection_reset\":0}");
        assertThat(server.get("/metrics").body()).contains(
                "metrics_streamer_client_errors_total{kind=\"connection_reset\"} 0.0");
    }
}
