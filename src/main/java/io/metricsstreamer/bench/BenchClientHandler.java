package io.metricsstreamer.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One bench client, speaking WebSocket on the raw byte stream as the C harness does: it sends the upgrade request,
 * then subscribes to {@code all} (and, in W5, sets its filters), and scans each server frame's payload with
 * {@link FrameScanner} as its bytes arrive, never assembling a frame. So a client that falls behind, and then gets
 * batches of a megabyte, pays per byte what a small frame costs (assembling frames with Netty's decoder made such
 * clients allocate and copy every large frame, and fall further behind). It counts metrics, checks that {@code seq}
 * increases, times each metric sent after the warm-up (and records synthetic samples for the offers the publisher
 * skipped before it, see {@link Publisher}), sums reported {@code dropped}, answers pings, and counts close frames.
 * Runs on its channel's event loop, writing that loop's {@link LoopStats}.
 */
final class BenchClientHandler extends ChannelInboundHandlerAdapter implements FrameScanner.Sink {
    static final String SUBSCRIBE = "{\"type\":\"subscribe\",\"metric_types\":[\"all\"]}";

    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
    private static final int MAX_RESPONSE_HEAD = 16 * 1024;
    /** Payload bytes kept from the start of each text message: enough to classify a control reply by its type. */
    private static final int KEPT_HEAD = 256;
    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_BINARY = 0x2;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;
    private static final int OP_PONG = 0xA;
    private static final int POLICY_VIOLATION = 1008;

    private final URI uri;
    private final LoopStats stats;
    private final String filters;
    private final ClientFleet.Attempt attempt;
    private final long handshakeTimeoutMillis;
    private ScheduledFuture<?> handshakeTimer;

    private boolean upgraded;
    private byte[] responseHead = new byte[512];
    private int responseHeadLength;

    private final byte[] header = new byte[10];
    private int headerLength;
    private int opcode;
    private boolean fin;
    private int messageOpcode;
    private long remaining;
    private boolean inPayload;
    /** The first payload bytes of the current text message, to classify a control reply by its type. */
    private final byte[] kept = new byte[KEPT_HEAD];
    private int keptLength;
    /** The payload of the current control frame (ping, pong, close: at most 125 bytes). */
    private final byte[] control = new byte[MAX_CONTROL_PAYLOAD];
    private int controlLength;
    /** Bytes of the current message a previous piece's end may have cut, scanned in front of the next piece. */
    private final byte[] carry = new byte[FrameScanner.MAX_CUT];
    private int carryLength;

    private boolean subscribed;
    private boolean filtered;
    private long lastSeq = -1;
    private long frameMetrics;
    private long skippedBefore;
    private long nowUs;

    /**
     * @param uri                    the WebSocket URL (its host, port, path and query go into the upgrade request)
     * @param stats                  the counters of the event loop this channel is registered with
     * @param filters                the {@code set_filters} message to send, or null
     * @param attempt                told when the client is ready (subscribed and filtered) or failed
     * @param handshakeTimeoutMillis how long the upgrade may take
     */
    BenchClientHandler(URI uri, LoopStats stats, String filters, ClientFleet.Attempt attempt,
                       long handshakeTimeoutMillis) {
        this.uri = uri;
        this.stats = stats;
        this.filters = filters;
        this.filtered = filters == null;
        this.attempt = attempt;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ctx.writeAndFlush(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        handshakeTimer = ctx.executor().schedule(() -> {
            if (!upgraded) {
                attempt.failed();
                ctx.close();
            }
        }, handshakeTimeoutMillis, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (!upgraded && !readResponseHead(ctx, in)) {
                return;
            }
            nowUs = System.nanoTime() / 1000;
            while (in.isReadable() && ctx.channel().isOpen()) {
                if (!inPayload) {
                    readHeader(ctx, in);
                } else {
                    readPayload(ctx, in);
                }
            }
        } finally {
            ReferenceCountUtil.release(in);
        }
    }

    /** Reads the upgrade response head; true once it is complete and a 101 (the bytes after it stay in {@code in}). */
    private boolean readResponseHead(ChannelHandlerContext ctx, ByteBuf in) {
        while (in.isReadable()) {
            if (responseHeadLength == responseHead.length) {
                if (responseHead.length >= MAX_RESPONSE_HEAD) {
                    fail(ctx);
                    return false;
                }
                responseHead = Arrays.copyOf(responseHead, responseHead.length * 2);
            }
            responseHead[responseHeadLength++] = in.readByte();
            if (endsWith(responseHead, responseHeadLength, HEAD_END)) {
                String status = new String(responseHead, 0, Math.min(responseHeadLength, 32),
                        StandardCharsets.US_ASCII);
                if (!status.startsWith("HTTP/1.1 101")) {
                    fail(ctx);
                    return false;
                }
                upgraded = true;
                responseHead = null;
                handshakeTimer.cancel(false);
                sendText(ctx, SUBSCRIBE);
                if (filters != null) {
                    sendText(ctx, filters);
                }
                ctx.flush();
                return true;
            }
        }
        return false;
    }

    private static boolean endsWith(byte[] b, int length, byte[] suffix) {
        if (length < suffix.length) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (b[length - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }

    private void fail(ChannelHandlerContext ctx) {
        attempt.failed();
        ctx.close();
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
            headerLength = 0;
            if ((header[1] & 0x80) != 0 || length < 0) {
                // A server never masks its frames, and no length has its top bit set: this is not our protocol.
                fail(ctx);
                return;
            }
            beginFrame(ctx, length);
        }
    }

    private void beginFrame(ChannelHandlerContext ctx, long length) {
        remaining = length;
        inPayload = true;
        if (opcode == OP_TEXT || opcode == OP_BINARY) {
            messageOpcode = opcode;
            keptLength = 0;
            carryLength = 0;
            frameMetrics = 0;
            if (opcode == OP_BINARY) {
                stats.counts.binaryFrames++;
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
        if (dataFrame && messageOpcode == OP_TEXT) {
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

    /** Scans {@code n} payload bytes of a text message, after the bytes carried from the previous piece. */
    private void scanText(ByteBuf in, int n, boolean last) {
        byte[] work = stats.scratch(carryLength + n);
        System.arraycopy(carry, 0, work, 0, carryLength);
        in.readBytes(work, carryLength, n);
        int end = carryLength + n;
        if (keptLength < KEPT_HEAD) {
            int keep = Math.min(KEPT_HEAD - keptLength, n);
            System.arraycopy(work, carryLength, kept, keptLength, keep);
            keptLength += keep;
        }
        int resume = FrameScanner.scanPiece(work, 0, end, last, this);
        carryLength = end - resume;
        System.arraycopy(work, resume, carry, 0, carryLength);
    }

    private void endFrame(ChannelHandlerContext ctx) {
        inPayload = false;
        switch (opcode) {
            case OP_TEXT, OP_CONTINUATION -> {
                if (fin && messageOpcode == OP_TEXT) {
                    if (carryLength > 0) {
                        // The message's last frame was empty: what the previous one left is its end.
                        FrameScanner.scanPiece(carry, 0, carryLength, true, this);
                        carryLength = 0;
                    }
                    endTextMessage(ctx);
                }
            }
            case OP_PING -> {
                sendFrame(ctx, OP_PONG, Arrays.copyOf(control, controlLength));
                ctx.flush();
            }
            case OP_CLOSE -> {
                stats.counts.closeFrames++;
                if (controlLength >= 2 && (((control[0] & 0xFF) << 8) | (control[1] & 0xFF)) == POLICY_VIOLATION) {
                    stats.counts.close1008++;
                }
                ctx.close();
            }
            default -> {
                // pong, binary: nothing to do
            }
        }
    }

    private void endTextMessage(ChannelHandlerContext ctx) {
        stats.counts.framesTotal++;
        boolean inWindow = stats.window.contains(nowUs);
        if (inWindow) {
            stats.counts.framesInWindow++;
        }
        if (frameMetrics > 0) {
            stats.addReceived(frameMetrics);
            if (inWindow) {
                stats.counts.metricsInWindow += frameMetrics;
            }
        } else {
            onControl(ctx, FrameScanner.classify(kept, 0, keptLength));
        }
    }

    private void onControl(ChannelHandlerContext ctx, FrameScanner.Kind kind) {
        switch (kind) {
            case SUBSCRIBED -> subscribed = true;
            case FILTERS_UPDATED -> filtered = true;
            case ERROR -> {
                stats.counts.errorReplies++;
                if (!(subscribed && filtered)) {
                    fail(ctx);
                }
            }
            default -> {
                return;
            }
        }
        if (subscribed && filtered) {
            attempt.ready();
        }
    }

    private static void sendText(ChannelHandlerContext ctx, String text) {
        sendFrame(ctx, OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes one final client frame, masked as RFC 6455 requires of clients. */
    private static void sendFrame(ChannelHandlerContext ctx, int opcode, byte[] payload) {
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

    @Override
    public void seq(long seq) {
        frameMetrics++;
        if (seq > lastSeq) {
            lastSeq = seq;
        } else if (seq == lastSeq) {
            stats.counts.duplicates++;
        } else {
            stats.counts.outOfOrder++;
        }
    }

    @Override
    public void sentUs(long sentUs) {
        if (stats.window.timed(sentUs)) {
            stats.recordLatency(nowUs - sentUs);
            if (skippedBefore > 0) {
                stats.recordSkipped(nowUs - sentUs, skippedBefore, stats.window.offerIntervalUs());
            }
        }
        skippedBefore = 0;
    }

    @Override
    public void skippedOffers(long skipped) {
        skippedBefore = skipped;
    }

    @Override
    public void dropped(long dropped) {
        stats.counts.droppedReported += dropped;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        attempt.closed();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx);
    }
}
