package io.metricsstreamer.transport;

import io.metricsstreamer.delivery.CloseReason;
import io.metricsstreamer.delivery.LoopScheduler;
import io.metricsstreamer.delivery.Outbound;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;

/** Adapts Netty channels and loops to the core's ports, for the handlers in sub-packages. */
public final class TransportPorts {
    private TransportPorts() {
    }

    /**
     * The {@link Outbound} of a WebSocket channel whose handshake completed: adds a pass-through handler first in
     * its pipeline, through whose context ready frames are written straight to the socket.
     */
    public static Outbound outbound(Channel channel) {
        ChannelHandlerContext head = channel.pipeline().addFirst("frames-out", FramesOut.INSTANCE).firstContext();
        return new ChannelOutbound(channel, head);
    }

    /** The {@link LoopScheduler} of an event loop. */
    public static LoopScheduler scheduler(EventLoop loop) {
        return new EventLoopScheduler(loop);
    }

    /** Passes everything through; it is only there for its context. One instance serves every channel. */
    @ChannelHandler.Sharable
    private static final class FramesOut extends ChannelDuplexHandler {
        static final FramesOut INSTANCE = new FramesOut();
    }

    /** Closes {@code channel} after the grace period a close frame has to be written. */
    public static void closeAfterGrace(Channel channel) {
        ChannelOutbound.closeAfterGrace(channel);
    }

    /** Sends a close frame with {@code reason} and closes the channel (after a grace period at the latest). */
    public static void close(Channel channel, CloseReason reason) {
        ChannelOutbound.closeChannel(channel, reason);
    }
}
