package io.metricsstreamer.transport;

import io.metricsstreamer.delivery.CloseReason;
import io.metricsstreamer.delivery.LoopScheduler;
import io.metricsstreamer.delivery.Outbound;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/** Adapts Netty channels and loops to the core's ports, for the handlers in sub-packages. */
public final class TransportPorts {
    private TransportPorts() {
    }

    /** The {@link Outbound} of a WebSocket channel. */
    public static Outbound outbound(Channel channel) {
        return new ChannelOutbound(channel);
    }

    /** The {@link LoopScheduler} of an event loop. */
    public static LoopScheduler scheduler(EventLoop loop) {
        return new EventLoopScheduler(loop);
    }

    /** Sends a close frame with {@code reason} and closes the channel (after a grace period at the latest). */
    public static void close(Channel channel, CloseReason reason) {
        ChannelOutbound.closeChannel(channel, reason);
    }
}
