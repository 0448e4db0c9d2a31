package io.metricsstreamer.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes the bench client's frames (text messages, pongs) on the raw byte stream: final frames, masked as RFC 6455
 * requires of clients. Writes without flushing; the caller flushes. Stateless.
 */
final class ClientFrameWriter {
    private static final int OP_TEXT = 0x1;
    private static final int OP_PONG = 0xA;

    private ClientFrameWriter() {
    }

    /** Writes one text message. */
    static void text(ChannelHandlerContext ctx, String text) {
        frame(ctx, OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the pong that answers a ping with {@code payload}. */
    static void pong(ChannelHandlerContext ctx, byte[] payload) {
        frame(ctx, OP_PONG, payload);
    }

    /** Writes one final client frame, masked as RFC 6455 requires of clients. */
    private static void frame(ChannelHandlerContext ctx, int opcode, byte[] payload) {
        int n = payload.length;
        ByteBuf out = ctx.alloc().buffer(14 + n);
        out.writeByte(0x80 | opcode);
        if (n < 126) {
            out.writeByte(0x80 | n);
        } else if (n <= 0xFFFF) {
            out.writeByte(0x80 | 126).writeShort(n);
        } else {
            out.writeByte(0x80 | 127).writeLong(n);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.writeBytes(mask);
        for (int i = 0; i < n; i++) {
            out.writeByte(payload[i] ^ mask[i & 3]);
        }
        ctx.write(out);
    }
}
