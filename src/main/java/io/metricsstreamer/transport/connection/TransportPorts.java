package io.metricsstreamer.transport.connection;

import io.metricsstreamer.delivery.CloseReason;
import io.metricsstreamer.delivery.LoopScheduler;
import io.metricsstreamer.delivery.Outbound;
import io.metricsstreamer.transport.compression.FrameCompression;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.FastThreadLocal;

/** Adapts Netty channels and loops to the core's ports, for the WebSocket handlers and the listeners. */
public final class TransportPorts {
    private static final FastThreadLocal<EventLoopScheduler> SCHEDULERS = new FastThreadLocal<>();
    private static final String FRAMES_OUT = "frames-out";

    private TransportPorts() {
    }

    /**
     * The {@link Outbound} of a WebSocket channel whose handshake completed: adds a pass-through handler first in
     * its pipeline (with TLS, right after the {@code SslHandler}, which must encrypt them, and its
     * {@link PlaintextBacklog}), through whose context ready frames are written straight to the socket. Deliveries
     * are compressed as {@code compression} says, for a client that negotiated permessage-deflate; null: they go
     * plain.
     */
    public static Outbound outbound(Channel channel, FrameCompression compression) {
        ChannelPipeline p = channel.pipeline();
        ChannelHandlerContext tls = p.context(PlaintextBacklog.class);
        if (tls == null) {
            tls = p.context(SslHandler.class);
        }
        if (tls == null) {
            p.addFirst(FRAMES_OUT, FramesOut.INSTANCE);
        } else {
            p.addAfter(tls.name(), FRAMES_OUT, FramesOut.INSTANCE);
        }
        return new ChannelOutbound(channel, p.context(FRAMES_OUT), compression);
    }

    /**
     * The {@link LoopScheduler} of an event loop. Asked on that loop, it is the loop's one instance, which all its
     * sessions share (it holds nothing but the loop).
     */
    public static LoopScheduler scheduler(EventLoop loop) {
        if (!loop.inEventLoop()) {
            return new EventLoopScheduler(loop);
        }
        EventLoopScheduler shared = SCHEDULERS.get();
        if (shared == null || shared.loop() != loop) {
            shared = new EventLoopScheduler(loop);
            SCHEDULERS.set(shared);
        }
        return shared;
    }

    /** Passes everything through; it is only there for its context. One instance serves every channel. */
    @ChannelHandler.Sharable
    private static final class FramesOut extends ChannelDuplexHandler {
        static final FramesOut INSTANCE = new FramesOut();
    }

    /** Sends {@code frame} (the echo of a client's close frame) and closes the channel, as {@link #close} does. */
    public static void close(Channel channel, CloseWebSocketFrame frame) {
        ChannelOutbound.closeWith(channel, frame);
    }

    /** Sends a close frame with {@code reason} and closes the channel (after a grace period at the latest). */
    public static void close(Channel channel, CloseReason reason) {
        ChannelOutbound.closeChannel(channel, reason);
    }
}
