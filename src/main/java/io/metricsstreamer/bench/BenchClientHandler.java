package io.metricsstreamer.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * One bench client, after the handshake: subscribes to {@code all} (and, in W5, sets its filters), then scans every
 * text frame with {@link FrameScanner}: counts metrics, checks that {@code seq} increases, times each metric sent
 * after the warm-up (and records synthetic samples for the offers the publisher skipped before it, see
 * {@link Publisher}), sums reported {@code dropped}. Runs on its channel's event loop, writing that loop's
 * {@link LoopStats}.
 */
final class BenchClientHandler extends ChannelInboundHandlerAdapter implements FrameScanner.Sink {
    static final String SUBSCRIBE = "{\"type\":\"subscribe\",\"metric_types\":[\"all\"]}";

    private final LoopStats stats;
    private final String filters;
    private final ClientFleet.Attempt attempt;
    private boolean subscribed;
    private boolean filtered;
    private long lastSeq = -1;
    private long frameMetrics;
    private long skippedBefore;
    private long nowUs;

    /**
     * @param stats   the counters of the event loop this channel is registered with
     * @param filters the {@code set_filters} message to send, or null
     * @param attempt told when the client is ready (subscribed and filtered) or failed
     */
    BenchClientHandler(LoopStats stats, String filters, ClientFleet.Attempt attempt) {
        this.stats = stats;
        this.filters = filters;
        this.filtered = filters == null;
        this.attempt = attempt;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            ctx.write(new TextWebSocketFrame(SUBSCRIBE));
            if (filters != null) {
                ctx.write(new TextWebSocketFrame(filters));
            }
            ctx.flush();
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            attempt.failed();
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
                onText(ctx, ((ByteBufHolder) msg).content());
            } else if (msg instanceof CloseWebSocketFrame close) {
                stats.counts.closeFrames++;
                if (close.statusCode() == 1008) {
                    stats.counts.close1008++;
                }
                ctx.close();
            } else if (msg instanceof BinaryWebSocketFrame) {
                stats.counts.binaryFrames++;
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onText(ChannelHandlerContext ctx, ByteBuf content) {
        int len = content.readableBytes();
        byte[] bytes;
        int off;
        if (content.hasArray()) {
            bytes = content.array();
            off = content.arrayOffset() + content.readerIndex();
        } else {
            bytes = stats.scratch(len);
            content.getBytes(content.readerIndex(), bytes, 0, len);
            off = 0;
        }
        nowUs = System.nanoTime() / 1000;
        frameMetrics = 0;
        FrameScanner.Kind kind = FrameScanner.scan(bytes, off, len, this);
        stats.counts.framesTotal++;
        boolean inWindow = stats.window.contains(nowUs);
        if (inWindow) {
            stats.counts.framesInWindow++;
        }
        if (kind == FrameScanner.Kind.METRICS) {
            stats.addReceived(frameMetrics);
            if (inWindow) {
                stats.counts.metricsInWindow += frameMetrics;
            }
        } else {
            onControl(ctx, kind);
        }
    }

    private void onControl(ChannelHandlerContext ctx, FrameScanner.Kind kind) {
        switch (kind) {
            case SUBSCRIBED -> subscribed = true;
            case FILTERS_UPDATED -> filtered = true;
            case ERROR -> {
                stats.counts.errorReplies++;
                if (!(subscribed && filtered)) {
                    attempt.failed();
                    ctx.close();
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
        attempt.closed();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        attempt.failed();
        ctx.close();
    }
}
