package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.metricsstreamer.testing.LogCapture;
import io.metricsstreamer.testing.NettyWsClient;
import io.metricsstreamer.testing.PerMessageDeflate;
import io.metricsstreamer.testing.RawWsClient;
import io.metricsstreamer.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Compressed messages from clients (RFC 7692 section 7.2.2) on real sockets: inflated alone or with the client's
 * context, fragmented or not; a deflate bomb refused as an oversize message is; and RSV bits the extension does not
 * allow, or RSV1 from a client that did not negotiate, closed with 1002. Each is counted, logged in one line, and
 * leaves the server serving everyone else.
 */
@Timeout(60)
class CompressedClientMessagesSocketTest {
    private static final String SUBSCRIBE = "{\"type\":\"subscribe\",\"metric_types\":[\"system\",\"agent\"]}";
    private static final String CONFIRMED = "{\"type\":\"subscription_confirmed\",\"metric_types\":[\"agent\","
            + "\"system\"]}";
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

    private RawWsClient client(String offer) {
        RawWsClient raw = RawWsClient.connect(server.streamer().getPort(), "/",
                offer == null ? "" : "Sec-WebSocket-Extensions: " + offer + "\r\n");
        assertThat(raw.status()).isEqualTo(101);
        assertThat(raw.readFrame().text()).contains("\"welcome\"");
        return raw;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLibraryClientsCompressedRequestsAreAnswered() {
        try (NettyWsClient c = NettyWsClient.connect(server.wsUri(), true)) {
            c.send("{\"type\":\"ping\",\"id\":\"" + "p".repeat(2_000) + "\"}");
            c.send(SUBSCRIBE);
            await().atMost(Duration.ofSeconds(10)).until(() -> c.messages().contains(CONFIRMED));
            assertThat(c.messages()).anyMatch(m -> m.startsWith("{\"type\":\"pong\",\"id\":\"pppp"));
        }
    }

    @Test
    void messagesOfAClientKeepingItsContextInflateOneAfterTheOther() {
        try (RawWsClient raw = client("permessage-deflate; client_max_window_bits");
                PerMessageDeflate context = new PerMessageDeflate(false)) {
            for (int i = 0; i < 3; i++) {
                byte[] payload = context.compress(utf8(SUBSCRIBE));
                raw.sendFrame(RawWsClient.TEXT, payload, true, 4);
                assertThat(raw.readFrame().text()).as("request %d", i).isEqualTo(CONFIRMED);
            }
        }
    }

    @Test
    void aClientThatOffersNoContextTakeoverSendsEachMessageAlone() {
        try (RawWsClient raw = client("permessage-deflate; client_no_context_takeover")) {
            assertThat(raw.responseHead()).contains("client_no_context_takeover");
            for (int i = 0; i < 2; i++) {
                raw.sendFrame(RawWsClient.TEXT, PerMessageDeflate.compressAlone(utf8(SUBSCRIBE)), true, 4);
                assertThat(raw.readFrame().text()).isEqualTo(CONFIRMED);
            }
        }
    }

    @Test
    void aCompressedMessageInFragmentsIsInflatedWhole() {
        try (RawWsClient raw = client("permessage-deflate")) {
            byte[] payload = PerMessageDeflate.compressAlone(utf8(SUBSCRIBE));
            int half = payload.length / 2;
            raw.sendFrame(RawWsClient.TEXT, Arrays.copyOfRange(payload, 0, half), false, 4);
            raw.sendFrame(RawWsClient.CONTINUATION, Arrays.copyOfRange(payload, half, payload.length), true, 0);
            assertThat(raw.readFrame().text()).isEqualTo(CONFIRMED);
        }
    }

    @Test
    void aDeflateBombIsClosedWith1009AsAnOversizeMessageIs() {
        byte[] bomb = PerMessageDeflate.compressAlone(utf8("{\"type\":\"ping\",\"id\":\"" + " ".repeat(32 << 20)
                + "\"}"));
        assertThat(bomb.length).as("32 MiB in under the frame limit").isLessThan(65_536);
        try (RawWsClient raw = client("permessage-deflate")) {
            raw.sendFrame(RawWsClient.TEXT, bomb, true, 4);
            RawWsClient.Frame close = raw.readUntilClose();
            assertThat(close.closeCode()).isEqualTo(1009);
            assertThat(close.closeReason()).isEqualTo("message too big");
        }
        assertCountedQuietly("message_too_big");
        try (RawWsClient next = client("permessage-deflate")) {
            next.sendText("{\"type\":\"ping\"}");
            assertThat(next.readFrame().text()).as("the server goes on").isEqualTo("{\"type\":\"pong\"}");
        }
    }

    @Test
    void rsv1FromAClientThatDidNotNegotiateIsClosedWith1002() {
        try (RawWsClient raw = client(null)) {
            raw.sendFrame(RawWsClient.TEXT, PerMessageDeflate.compressAlone(utf8(SUBSCRIBE)), true, 4);
            assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
        }
        assertCountedQuietly("websocket_protocol");
    }

    @Test
    void rsv1OnAControlFrameIsClosedWith1002() {
        assertClosed1002(raw -> raw.sendFrame(RawWsClient.PING, new byte[] {1}, true, 4));
    }

    @Test
    void rsv2UnderPermessageDeflateIsClosedWith1002() {
        assertClosed1002(raw -> raw.sendFrame(RawWsClient.TEXT, utf8(SUBSCRIBE), true, 2));
    }

    @Test
    void rsv1OnAContinuationFrameIsClosedWith1002() {
        assertClosed1002(raw -> {
            raw.sendFrame(RawWsClient.TEXT, utf8("{\"type\":"), false, 0);
            raw.sendFrame(RawWsClient.CONTINUATION, utf8("\"ping\"}"), true, 4);
        });
    }

    @Test
    void aCompressedMessageThatDoesNotInflateIsClosedWith1002() {
        try (RawWsClient raw = client("permessage-deflate")) {
            raw.sendFrame(RawWsClient.TEXT, new byte[] {(byte) 0xFF, 0x12, 0x34}, true, 4);
            RawWsClient.Frame close = raw.readUntilClose();
            assertThat(close.closeCode()).isEqualTo(1002);
            assertThat(close.closeReason()).isEqualTo("compressed message does not inflate");
        }
        assertCountedQuietly("websocket_protocol");
    }

    private void assertClosed1002(Consumer<RawWsClient> send) {
        try (RawWsClient raw = client("permessage-deflate")) {
            send.accept(raw);
            assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
        }
        assertCountedQuietly("websocket_protocol");
    }

    private void assertCountedQuietly(String kind) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                server.statistics().at("/client_errors/" + kind).asLong()).isEqualTo(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.streamer().getClientCount() == 0);
        assertThat(log.atLeast(Level.WARN)).as("warnings").isEmpty();
        assertThat(log.withStackTraces()).as("stack traces").isEmpty();
    }
}
