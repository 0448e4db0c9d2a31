package io.metricsstreamer.transport;

import io.metricsstreamer.delivery.CloseReason;
import io.metricsstreamer.delivery.Outbound;
import io.metricsstreamer.delivery.OutboundFrame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.TimeUnit;

/**
 * The core's {@link Outbound} over a WebSocket channel. Deliveries are written as ready WebSocket frames shared by
 * every client of the loop that receives the same frame ({@link SharedFrames}); control messages go through Netty's
 * WebSocket encoder. Called only on the channel's event loop.
 */
final class ChannelOutbound implements Outbound {
    /** How long a close frame may wait behind unsent data before the connection is closed without it. */
    static final long CLOSE_GRACE_MILLIS = 3_000;

    private final Channel channel;
    private final ChannelHandlerContext head;

    /**
     * An outbound over {@code channel}; deliveries are written and flushed through {@code head}, the context of a
     * pass-through handler first in the pipeline, so ready frames skip every handler (the WebSocket encoder, the
     * protocol handler, idle tracking) on their way to the socket.
     */
    ChannelOutbound(Channel channel, ChannelHandlerContext head) {
        this.channel = channel;
        this.head = head;
    }

    @Override
    public void sendControl(String json) {
        channel.writeAndFlush(new TextWebSocketFrame(json), channel.voidPromise());
    }

    @Override
    public void write(OutboundFrame frame) {
        head.write(SharedFrames.framed(frame), head.voidPromise());
    }

    @Override
    public void flush() {
        head.flush();
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public void close(CloseReason reason) {
        closeChannel(channel, reason);
    }

    /** Sends a close frame, closes once it is written, and closes anyway after {@link #CLOSE_GRACE_MILLIS}. */
    static void closeChannel(Channel channel, CloseReason reason) {
        if (!channel.isActive()) {
            return;
        }
        channel.writeAndFlush(new CloseWebSocketFrame(reason.code(), reason.reason()))
                .addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }
}
