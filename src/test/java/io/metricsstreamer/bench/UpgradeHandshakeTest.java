package io.metricsstreamer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The client side of the upgrade: the response head read across reads, up to its blank line and no further. */
class UpgradeHandshakeTest {
    private final UpgradeHandshake handshake = new UpgradeHandshake();

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void aHeadSplitAcrossReadsEndsAtItsBlankLineAndLeavesTheFrameBytesAfterIt() {
        ByteBuf first = ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: web");
        ByteBuf second = ascii("socket\r\n\r\nFRAME");
        try {
            assertThat(handshake.read(first)).isEqualTo(UpgradeHandshake.Progress.READING);
            assertThat(handshake.read(second)).isEqualTo(UpgradeHandshake.Progress.UPGRADED);
            assertThat(second.toString(StandardCharsets.US_ASCII)).isEqualTo("FRAME");
        } finally {
            first.release();
            second.release();
        }
    }

    @Test
    void aHeadThatGrowsPastSixteenKibibytesIsRefused() {
        ByteBuf head = ascii("HTTP/1.1 101 Switching Protocols\r\nX-Pad: " + "x".repeat(16 * 1024));
        try {
            assertThat(handshake.read(head)).isEqualTo(UpgradeHandshake.Progress.REFUSED);
        } finally {
            head.release();
        }
    }

    @Test
    void theRequestAsksForVersion13WithASixteenByteKey() {
        String request = UpgradeHandshake.request(URI.create("ws://127.0.0.1:8765/ws"));

        assertThat(request).startsWith("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:8765\r\n").endsWith("\r\n\r\n")
                .contains("Sec-WebSocket-Version: 13\r\n")
                .containsPattern("Sec-WebSocket-Key: [A-Za-z0-9+/]{22}==\r\n");
    }
}
