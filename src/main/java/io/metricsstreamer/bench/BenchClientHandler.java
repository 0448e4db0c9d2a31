package io.metricsstreamer.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One bench client, speaking WebSocket on the raw byte stream as the C harness does: it sends the upgrade request
 * ({@link UpgradeHandshake}), then subscribes to {@code all} (and, in W5, sets its filters), and reads each server
 * frame as its bytes arrive ({@link ServerFrameReader}), never assembling one. It counts metrics, checks that
 * {@code seq} increases, times each metric sent after the warm-up, sums reported {@code dropped}
 * ({@link ClientTally}), times its replay when its URL asked for one (W7: from the start of its connect to the
 * {@code replay_complete}), answers pings, and counts close frames and the bytes it reads. It may offer
 * permessage-deflate, as browsers do, and then inflates each compressed message before scanning it. It is ready once
 * the server confirmed its subscription (and filters), and has failed when the upgrade or a setup request is refused.
 * Runs on its channel's event loop, writing that loop's {@link LoopStats}.
 */
final class BenchClientHandler extends ChannelInboundHandlerAdapter {
    static final String SUBSCRIBE = "{\"type\":\"subscribe\",\"metric_types\":[\"all\"]}";

    private final URI uri;
    private final String filters;
    private final ClientFleet.Attempt attempt;
    private final long handshakeTimeoutMillis;
    private final boolean deflate;
    private final UpgradeHandshake handshake = new UpgradeHandshake();
    private final ClientTally tally;
    private final ServerFrameReader frames;
    private ScheduledFuture<?> handshakeTimer;

    private boolean upgraded;
    private boolean subscribed;
    private boolean filtered;

    /**
     * @param uri                    the WebSocket URL (its host, port, path and query go into the upgrade request)
     * @param stats                  the counters of the event loop this channel is registered with
     * @param filters                the {@code set_filters} message to send, or null
     * @param attempt                told when the client is ready (subscribed and filtered) or failed
     * @param handshakeTimeoutMillis how long the upgrade may take
     */
    BenchClientHandler(URI uri, LoopStats stats, String filters, ClientFleet.Attempt attempt,
                       long handshakeTimeoutMillis) {
        this(uri, stats, filters, attempt, handshakeTimeoutMillis, false);
    }

    /** As the other constructor; the client offers permessage-deflate (as a browser does) when {@code deflate}. */
    BenchClientHandler(URI uri, LoopStats stats, String filters, ClientFleet.Attempt attempt,
                       long handshakeTimeoutMillis, boolean deflate) {
        this.deflate = deflate;
        this.uri = uri;
        this.filters = filters;
        this.filtered = filters == null;
        this.attempt = attempt;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.tally = new ClientTally(stats);
        this.frames = new ServerFrameReader(this, tally, stats);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.writeAndFlush(Unpooled.copiedBuffer(UpgradeHandshake.request(uri, deflate), StandardCharsets.US_ASCII));
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
            tally.arrivedAt(System.nanoTime() / 1000);
            tally.bytesRead(in.readableBytes());
            frames.read(ctx, in);
        } finally {
            ReferenceCountUtil.release(in);
        }
    }

    /** Reads the upgrade response head; true once it is complete and a 101 (the bytes after it stay in {@code in}). */
    private boolean readResponseHead(ChannelHandlerContext ctx, ByteBuf in) {
        switch (handshake.read(in)) {
            case UPGRADED -> {
                upgraded = true;
                handshakeTimer.cancel(false);
                ClientFrameWriter.text(ctx, SUBSCRIBE);
                if (filters != null) {
                    ClientFrameWriter.text(ctx, filters);
                }
                ctx.flush();
                return true;
            }
            case REFUSED -> {
                fail(ctx);
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    /** The setup failed, or the server does not speak our protocol: the attempt fails and the channel closes. */
    void fail(ChannelHandlerContext ctx) {
        attempt.failed();
        ctx.close();
    }

    /** A text message ended; {@code head} holds its first {@code headLength} bytes. */
    void textMessage(ChannelHandlerContext ctx, byte[] head, int headLength) {
        if (!tally.textMessageEnded()) {
            onControl(ctx, FrameScanner.classify(head, 0, headLength), head, headLength);
        }
    }

    /** A ping with {@code payload}: answered at once. */
    void ping(ChannelHandlerContext ctx, byte[] payload) {
        ClientFrameWriter.pong(ctx, payload);
        ctx.flush();
    }

    /** A close frame with status {@code code} (-1 when it carries none): counted, and the channel closes. */
    void closeFrame(ChannelHandlerContext ctx, int code) {
        tally.closeFrame(code);
        ctx.close();
    }

    private void onControl(ChannelHandlerContext ctx, FrameScanner.Kind kind, byte[] head, int headLength) {
        switch (kind) {
            case SUBSCRIBED -> subscribed = true;
            case REPLAY_COMPLETE -> {
                long elapsed = System.nanoTime() - attempt.startedNanos();
                tally.replayComplete(ReplayComplete.parse(head, headLength), elapsed);
                return;
            }
            case FILTERS_UPDATED -> filtered = true;
            case ERROR -> {
                tally.errorReply();
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
