package io.metricsstreamer.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the server's frames off the raw byte stream as they arrive, never assembling one: the payload of a text
 * message is scanned with {@link FrameScanner} piece by piece, each piece after the few bytes the previous one's end
 * may have cut, so a client that falls behind and then gets batches of a megabyte pays per byte what a small frame
 * costs (assembling frames with Netty's decoder made such clients allocate and copy every large frame, and fall
 * further behind). Keeps the first bytes of each text message, to classify a control reply by its type, and the
 * payload of control frames. Hands each complete message or control frame to its {@link BenchClientHandler}. A
 * compressed message (RSV1, when the client negotiated permessage-deflate) is gathered whole, inflated on the loop's
 * inflater (each alone: the server compresses without context), or taken from what another client of the loop
 * inflated of the same bytes ({@link RecentInflations}), and scanned as one piece. One per connection, on its
 * event loop.
 */
final class ServerFrameReader {
    /** Payload bytes kept from the start of each text message: enough to classify a control reply by its type. */
    private static final int KEPT_HEAD = 256;
    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_BINARY = 0x2;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;
    private static final int RSV1 = 0x40;
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private final BenchClientHandler client;
    private final ClientTally tally;
    private final LoopStats stats;

    private final byte[] header = new byte[10];
    private int headerLength;
    private int opcode;
    private boolean fin;
    private int messageOpcode;
    private long remaining;
    private boolean inPayload;
    /** How the server's welcome begins ({@code ServerMessages.welcome}: the type first). */
    private static final byte[] WELCOME_START = "{\"type\":\"welcome\"".getBytes(StandardCharsets.US_ASCII);
    /** The server's first message was read: only it can be the welcome. */
    private boolean welcomed;
    /** The message being read is the welcome: not scanned for metrics. */
    private boolean inWelcome;
    /** The first payload bytes of the current text message, to classify a control reply by its type. */
    private final byte[] kept = new byte[KEPT_HEAD];
    private int keptLength;
    /** The payload of the current control frame (ping, pong, close: at most 125 bytes). */
    private final byte[] control = new byte[MAX_CONTROL_PAYLOAD];
    private int controlLength;
    /** Bytes of the current message a previous piece's end may have cut, scanned in front of the next piece. */
    private final byte[] carry = new byte[FrameScanner.MAX_CUT];
    private int carryLength;
    /** The current text message is compressed: its payload is gathered, then inflated. */
    private boolean messageCompressed;
    /** The compressed payload of the current message so far. */
    private byte[] compressed;
    private int compressedLength;

    /**
     * @param client told of each complete message and control frame
     * @param tally  receives what the scanner finds in text messages
     * @param stats  the loop's counters, whose scratch array each piece is scanned in
     */
    ServerFrameReader(BenchClientHandler client, ClientTally tally, LoopStats stats) {
        this.client = client;
        this.tally = tally;
        this.stats = stats;
    }

    /** Reads every byte of {@code in}, frame after frame, while the channel stays open. */
    void read(ChannelHandlerContext ctx, ByteBuf in) {
        while (in.isReadable() && ctx.channel().isOpen()) {
            if (!inPayload) {
                readHeader(ctx, in);
            } else {
                readPayload(ctx, in);
            }
        }
    }

    /** Reads a frame header (server frames are unmasked): 2 bytes, then a 2- or 8-byte length when announced. */
    private void readHeader(ChannelHandlerContext ctx, ByteBuf in) {
        while (in.isReadable() && !inPayload) {
            header[headerLength++] = in.readByte();
            if (headerLength < 2) {
                continue;
            }
            int len7 = header[1] & 0x7F;
            int needed = len7 == 126 ? 4 : len7 == 127 ? 10 : 2;
            if (headerLength < needed) {
                continue;
            }
            long length = len7;
            if (len7 == 126) {
                length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            } else if (len7 == 127) {
                length = 0;
                for (int i = 2; i < 10; i++) {
                    length = (length << 8) | (header[i] & 0xFF);
                }
            }
            opcode = header[0] & 0x0F;
            fin = (header[0] & 0x80) != 0;
            boolean rsv1 = (header[0] & RSV1) != 0;
            headerLength = 0;
            if ((header[1] & 0x80) != 0 || length < 0) {
                // A server never masks its frames, and no length has its top bit set: this is not our protocol.
                client.fail(ctx);
                return;
            }
            beginFrame(ctx, length, rsv1);
        }
    }

    private void beginFrame(ChannelHandlerContext ctx, long length, boolean rsv1) {
        remaining = length;
        inPayload = true;
        if (opcode == OP_TEXT || opcode == OP_BINARY) {
            messageOpcode = opcode;
            keptLength = 0;
            carryLength = 0;
            messageCompressed = rsv1;
            compressedLength = 0;
            tally.messageStarted();
            if (opcode == OP_BINARY) {
                tally.binaryFrame();
            }
        } else if (opcode != OP_CONTINUATION) {
            controlLength = 0;
        }
        if (length == 0) {
            endFrame(ctx);
        }
    }

    private void readPayload(ChannelHandlerContext ctx, ByteBuf in) {
        int n = (int) Math.min(remaining, in.readableBytes());
        remaining -= n;
        boolean dataFrame = opcode == OP_TEXT || opcode == OP_CONTINUATION;
        if (dataFrame && messageOpcode == OP_TEXT && messageCompressed) {
            gather(in, n);
        } else if (dataFrame && messageOpcode == OP_TEXT) {
            scanText(in, n, remaining == 0 && fin);
        } else if (!dataFrame) {
            int keep = Math.min(n, control.length - controlLength);
            in.readBytes(control, controlLength, keep);
            controlLength += keep;
            in.skipBytes(n - keep);
        } else {
            in.skipBytes(n);
        }
        if (remaining == 0) {
            endFrame(ctx);
        }
    }

    /**
     * Scans {@code n} payload bytes of a text message, after the bytes carried from the previous piece. A welcome
     * (the server's first message) carries the server's last {@code seq}, a position, not a metric: only its head is
     * kept.
     */
    private void scanText(ByteBuf in, int n, boolean last) {
        if (!welcomed && keptLength == 0) {
            inWelcome = startsLikeWelcome(in, n);
        }
        if (inWelcome) {
            int keep = Math.min(KEPT_HEAD - keptLength, n);
            in.readBytes(kept, keptLength, keep);
            keptLength += keep;
            in.skipBytes(n - keep);
            return;
        }
        byte[] work = stats.scratch(carryLength + n);
        System.arraycopy(carry, 0, work, 0, carryLength);
        in.readBytes(work, carryLength, n);
        int end = carryLength + n;
        if (keptLength < KEPT_HEAD) {
            int keep = Math.min(KEPT_HEAD - keptLength, n);
            System.arraycopy(work, carryLength, kept, keptLength, keep);
            keptLength += keep;
        }
        int resume = FrameScanner.scanPiece(work, 0, end, last, tally);
        carryLength = end - resume;
        System.arraycopy(work, resume, carry, 0, carryLength);
    }

    /** Appends {@code n} bytes of a compressed message's payload. */
    private void gather(ByteBuf in, int n) {
        if (compressed == null || compressed.length < compressedLength + n) {
            compressed = Arrays.copyOf(compressed == null ? new byte[0] : compressed,
                    Math.max(compressedLength + n, Math.max(1024, compressedLength * 2)));
        }
        in.readBytes(compressed, compressedLength, n);
        compressedLength += n;
    }

    /**
     * Inflates the gathered message (RFC 7692 section 7.2.2: its bytes, then {@code 00 00 ff ff}) and scans it whole;
     * false when it does not inflate.
     */
    private boolean inflateAndScan() {
        byte[] known = stats.recentInflations().find(compressed, compressedLength);
        if (known != null) {
            tally.compressedMessage();
            scanText(Unpooled.wrappedBuffer(known), known.length, true);
            return true;
        }
        Inflater inflater = stats.inflater();
        inflater.reset();
        int n = 0;
        byte[] out = stats.inflated(Math.max(1024, compressedLength * 4));
        try {
            for (int input = 0; input < 2 && !inflater.finished(); input++) {
                if (input == 0) {
                    inflater.setInput(compressed, 0, compressedLength);
                } else {
                    inflater.setInput(TAIL);
                }
                while (!inflater.needsInput() && !inflater.finished()) {
                    if (n == out.length) {
                        out = stats.inflated(out.length * 2);
                    }
                    n += inflater.inflate(out, n, out.length - n);
                }
            }
        } catch (DataFormatException e) {
            return false;
        }
        stats.recentInflations().remember(compressed, compressedLength, out, n);
        if (compressedLength > 64 * 1024) {
            compressed = null; // a large one (a catch-up batch) is not kept for every connection
        }
        tally.compressedMessage();
        scanText(Unpooled.wrappedBuffer(out, 0, n), n, true);
        return true;
    }

    /**
     * Whether the {@code n} readable bytes at the reader index begin as the welcome does. A first piece too short to
     * tell is taken for a metric message (a socket delivers the welcome, a short message, in one piece).
     */
    private static boolean startsLikeWelcome(ByteBuf in, int n) {
        if (n < WELCOME_START.length) {
            return false;
        }
        for (int i = 0; i < WELCOME_START.length; i++) {
            if (in.getByte(in.readerIndex() + i) != WELCOME_START[i]) {
                return false;
            }
        }
        return true;
    }

    private void endFrame(ChannelHandlerContext ctx) {
        inPayload = false;
        switch (opcode) {
            case OP_TEXT, OP_CONTINUATION -> {
                if (fin && messageOpcode == OP_TEXT && messageCompressed && !inflateAndScan()) {
                    client.fail(ctx);
                    return;
                }
                if (fin && messageOpcode == OP_TEXT) {
                    if (carryLength > 0) {
                        // The message's last frame was empty: what the previous one left is its end.
                        FrameScanner.scanPiece(carry, 0, carryLength, true, tally);
                        carryLength = 0;
                    }
                    client.textMessage(ctx, kept, keptLength);
                    welcomed = true;
                    inWelcome = false;
                }
            }
            case OP_PING -> client.ping(ctx, Arrays.copyOf(control, controlLength));
            case OP_CLOSE -> client.closeFrame(ctx, closeCode());
            default -> {
                // pong, binary: nothing to do
            }
        }
    }

    /** The status code of the current close frame, or -1 when it carries none. */
    private int closeCode() {
        return controlLength >= 2 ? ((control[0] & 0xFF) << 8) | (control[1] & 0xFF) : -1;
    }
}
