package io.metricsstreamer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.testing.PerMessageDeflate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.Arrays;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bench client's WebSocket on a byte stream fed in pieces of a few bytes: the upgrade, its masked subscribe,
 * server frames of every length form scanned across the pieces, pings answered with the same payload.
 */
class BenchClientHandlerTest {
    private final ClientFleet fleet = new ClientFleet(1, new MeasureWindow());
    private final LoopStats stats = new LoopStats(new MeasureWindow());
    private final EmbeddedChannel channel = new EmbeddedChannel(new BenchClientHandler(
            URI.create("ws://127.0.0.1:8765/"), stats, null, fleet.new Attempt(new Semaphore(1)), 30_000));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
        fleet.close();
    }

    /** Feeds {@code bytes} to the client in pieces of {@code piece} bytes, each its own read. */
    private void feed(byte[] bytes, int piece) {
        for (int i = 0; i < bytes.length; i += piece) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(piece, bytes.length - i)));
        }
    }

    /** An unmasked final server frame (the 7-, 16- or 64-bit length form, by size). */
    private static byte[] serverFrame(int opcode, byte[] payload) {
        return serverFrame(opcode, payload, true);
    }

    private static byte[] serverFrame(int opcode, byte[] payload, boolean fin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        int n = payload.length;
        if (n < 126) {
            out.write(n);
        } else if (n <= 0xFFFF) {
            out.write(126);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) n >>> (8 * i)));
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] text(String s) {
        return serverFrame(0x1, s.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the next frame the client wrote: its opcode and unmasked payload. */
    private String nextClientFrame(int expectedOpcode) {
        ByteBuf out = channel.readOutbound();
        assertThat(out).isNotNull();
        try {
            assertThat(out.readByte() & 0xFF).isEqualTo(0x80 | expectedOpcode);
            int len = out.readByte() & 0xFF;
            assertThat(len & 0x80).as("masked").isNotZero();
            len &= 0x7F;
            byte[] mask = new byte[4];
            out.readBytes(mask);
            byte[] payload = new byte[len];
            for (int i = 0; i < len; i++) {
                payload[i] = (byte) (out.readByte() ^ mask[i & 3]);
            }
            return new String(payload, StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    private static String batch(int from, int count) {
        return batch(from, count, 0);
    }

    private static String batch(int from, int count, int dropped) {
        StringBuilder sb = new StringBuilder("{\"type\":\"metric_batch\",\"count\":" + count
                + (dropped > 0 ? ",\"dropped\":" + dropped : "") + ",\"data\":[");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"seq\":").append(from + i)
                    .append(",\"metric_type\":\"system\",\"data\":{\"pad\":\"").append("y".repeat(i % 50))
                    .append("\",\"sent_us\":").append(1_700_000_000_000_000L + i).append("}}");
        }
        return sb.append("]}").toString();
    }

    @Test
    void upgradesSubscribesAndCountsEveryMetricOfFramesCutIntoPieces() {
        ByteBuf request = channel.readOutbound();
        assertThat(request.toString(StandardCharsets.US_ASCII)).startsWith("GET / HTTP/1.1\r\n")
                .contains("Upgrade: websocket\r\n", "Sec-WebSocket-Version: 13\r\n");
        request.release();

        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        in.writeBytes(text("{\"type\":\"welcome\",\"client_id\":\"client_1\"}"));
        in.writeBytes(text("{\"type\":\"subscription_confirmed\",\"subscribed_types\":[\"system\"]}"));
        in.writeBytes(text(batch(1, 1)));
        in.writeBytes(text(batch(2, 3)));
        in.writeBytes(text(batch(5, 2_000)));
        feed(in.toByteArray(), 7);

        assertThat(nextClientFrame(0x1)).isEqualTo(BenchClientHandler.SUBSCRIBE);
        assertThat(fleet.ready()).isEqualTo(1);
        assertThat(stats.received()).isEqualTo(2_004);
        assertThat(stats.counts.outOfOrder).isZero();
        assertThat(stats.counts.duplicates).isZero();
        assertThat(stats.counts.framesTotal).isEqualTo(5);
    }

    @Test
    void theWelcomesSeqIsTheServersPositionNotAMetric() {
        channel.<ByteBuf>readOutbound().release();
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes("HTTP/1.1 101 Switching Protocols\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        in.writeBytes(text("{\"type\":\"welcome\",\"client_id\":\"client_1\",\"timestamp\":\"2026-12-05T15:00:00Z\","
                + "\"message\":\"Connected to real-time metrics stream\",\"epoch\":\"5f0c2a9e41d7b388\","
                + "\"seq\":1234}"));
        in.writeBytes(text(batch(1235, 3)));
        feed(in.toByteArray(), 64);

        assertThat(nextClientFrame(0x1)).as("welcomed: it subscribes").isEqualTo(BenchClientHandler.SUBSCRIBE);
        assertThat(stats.received()).isEqualTo(3);
        assertThat(stats.counts.framesTotal).isEqualTo(2);
    }

    @Test
    void answersAPingWithItsPayloadAndCountsAPolicyClose() {
        channel.<ByteBuf>readOutbound().release();
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes("HTTP/1.1 101 Switching Protocols\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        in.writeBytes(serverFrame(0x9, "beat".getBytes(StandardCharsets.US_ASCII)));
        feed(in.toByteArray(), 3);
        assertThat(nextClientFrame(0x1)).isEqualTo(BenchClientHandler.SUBSCRIBE);
        assertThat(nextClientFrame(0xA)).isEqualTo("beat");

        feed(serverFrame(0x8, new byte[] {0x03, (byte) 0xF0, 'b', 'y', 'e'}), 2);

        assertThat(stats.counts.closeFrames).isEqualTo(1);
        assertThat(stats.counts.close1008).isEqualTo(1);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aMessageInFragmentsWithAPingBetweenAndAnEmptyLastFrameIsCountedWhole() {
        channel.<ByteBuf>readOutbound().release();
        String batch = batch(1, 40, 5);
        // A short last envelope: its seq lies in the bytes a piece's end leaves to the next piece.
        byte[] message = (batch.substring(0, batch.length() - 2) + ",{\"seq\":41}]}").getBytes(StandardCharsets.UTF_8);
        int half = message.length / 2;
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes("HTTP/1.1 101 Switching Protocols\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        in.writeBytes(serverFrame(0x1, Arrays.copyOfRange(message, 0, half), false));
        in.writeBytes(serverFrame(0x9, "mid".getBytes(StandardCharsets.US_ASCII)));
        in.writeBytes(serverFrame(0x0, Arrays.copyOfRange(message, half, message.length), false));
        in.writeBytes(serverFrame(0x0, new byte[0], true));

        feed(in.toByteArray(), 5);

        assertThat(nextClientFrame(0x1)).isEqualTo(BenchClientHandler.SUBSCRIBE);
        assertThat(nextClientFrame(0xA)).isEqualTo("mid");
        assertThat(stats.received()).isEqualTo(41);
        assertThat(stats.counts.framesTotal).isEqualTo(1);
        assertThat(stats.counts.droppedReported).isEqualTo(5);
        assertThat(stats.counts.outOfOrder).isZero();
    }

    @Test
    void theUpgradeRequestCarriesThePathQueryAndAHostWithoutADefaultPort() {
        EmbeddedChannel other = new EmbeddedChannel(new BenchClientHandler(URI.create("ws://metrics.local/stream?x=1"),
                stats, null, fleet.new Attempt(new Semaphore(1)), 30_000));
        ByteBuf request = other.readOutbound();
        try {
            assertThat(request.toString(StandardCharsets.US_ASCII))
                    .startsWith("GET /stream?x=1 HTTP/1.1\r\nHost: metrics.local\r\n");
        } finally {
            request.release();
            other.finishAndReleaseAll();
        }
    }

    @Test
    void aClientOfferingDeflateCountsCompressedMessagesInPiecesAndFragmentsAsPlainOnes() {
        LoopStats own = new LoopStats(new MeasureWindow());
        EmbeddedChannel deflating = new EmbeddedChannel(new BenchClientHandler(URI.create("ws://127.0.0.1:8765/"),
                own, null, fleet.new Attempt(new Semaphore(1)), 30_000, true));
        try {
            ByteBuf request = deflating.readOutbound();
            assertThat(request.toString(StandardCharsets.US_ASCII))
                    .contains("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
            request.release();
            byte[] whole = PerMessageDeflate.compressAlone(batch(1, 300).getBytes(StandardCharsets.UTF_8));
            byte[] split = PerMessageDeflate.compressAlone(batch(301, 5).getBytes(StandardCharsets.UTF_8));
            byte[] first = serverFrame(0x1, whole);
            first[0] |= 0x40; // RSV1: compressed
            byte[] head = serverFrame(0x1, Arrays.copyOfRange(split, 0, 10), false);
            head[0] |= 0x40;
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            in.writeBytes("HTTP/1.1 101 Switching Protocols\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            in.writeBytes(first);
            in.writeBytes(text(batch(306, 2)));
            in.writeBytes(head);
            in.writeBytes(serverFrame(0x0, Arrays.copyOfRange(split, 10, split.length), true));
            byte[] bytes = in.toByteArray();
            for (int i = 0; i < bytes.length; i += 9) {
                deflating.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(9, bytes.length - i)));
            }
            assertThat(own.received()).isEqualTo(307);
            assertThat(own.counts.compressedMessages).isEqualTo(2);
            assertThat(own.counts.framesTotal).isEqualTo(3);
        } finally {
            deflating.finishAndReleaseAll();
            own.close();
        }
    }

    @Test
    void aMaskedServerFrameEndsTheConnection() {
        channel.<ByteBuf>readOutbound().release();
        feed("HTTP/1.1 101 Switching Protocols\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 64);

        feed(new byte[] {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, 'x', 'y'}, 8);

        assertThat(channel.isOpen()).isFalse();
        assertThat(stats.received()).isZero();
    }

    @Test
    void anUpgradeRefusedIsAFailedAttempt() {
        channel.<ByteBuf>readOutbound().release();

        feed("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 5);

        assertThat(fleet.failed()).isEqualTo(1);
        assertThat(fleet.ready()).isZero();
        assertThat(channel.isOpen()).isFalse();
    }
}
