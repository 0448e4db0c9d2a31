package io.metricsstreamer.transport.connection;

import io.metricsstreamer.delivery.CloseReason;
import io.metricsstreamer.delivery.Outbound;
import io.metricsstreamer.delivery.SlicedFrame;
import io.metricsstreamer.transport.compression.FrameCompression;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The core's {@link Outbound} over a WebSocket channel. Deliveries written during a loop task are queued and leave at
 * {@link #flush()} as one buffer of ready WebSocket frames, shared by every client of the loop that receives the
 * same deliveries ({@link WireFrameCache}): one write per client per task, however many deliveries it carries. A client
 * that negotiated permessage-deflate gets the deliveries compressed (each frame compressed once for the whole server),
 * except those under the minimum size. Control messages go through Netty's WebSocket encoder, after the queued
 * deliveries, uncompressed: one client's reply, mostly under the minimum, would cost a compression of its own for a
 * few bytes saved. Called only on the channel's event loop.
 */
final class ChannelOutbound implements Outbound {
    /** How long a close frame may wait behind unsent data before the connection is closed without it. */
    static final long CLOSE_GRACE_MILLIS = 3_000;
    /** No deliveries queued yet: a connection gets its own array with its first delivery. */
    private static final SlicedFrame[] NONE = new SlicedFrame[0];

    private final Channel channel;
    private final ChannelHandlerContext head;
    /** How deliveries are compressed for this client; null: it did not negotiate compression. */
    private final FrameCompression compression;
    /** Deliveries written since the last flush, in order; they leave as one buffer at {@link #flush()}. */
    private SlicedFrame[] queued = NONE;
    private int queuedCount;
    /** Queued deliveries were dropped since the last flush: there was no direct memory left to frame them. */
    private boolean lostSinceFlush;

    /**
     * An outbound over {@code channel}; deliveries are written and flushed through {@code head}, the context of a
     * pass-through handler first in the pipeline, so ready frames skip every handler (the WebSocket encoder, the
     * session handler) on their way to the socket. Deliveries are compressed as {@code compression} says (null: not).
     */
    ChannelOutbound(Channel channel, ChannelHandlerContext head, FrameCompression compression) {
        this.channel = channel;
        this.head = head;
        this.compression = compression;
    }

    @Override
    public void sendControl(String json) {
        writeQueued();
        channel.writeAndFlush(new TextWebSocketFrame(json), channel.voidPromise());
    }

    @Override
    public void write(SlicedFrame frame) {
        if (queuedCount == queued.length) {
            queued = Arrays.copyOf(queued, Math.max(4, queuedCount * 2));
        }
        queued[queuedCount++] = frame;
    }

    @Override
    public boolean flush() {
        writeQueued();
        head.flush();
        boolean sentAll = !lostSinceFlush;
        lostSinceFlush = false;
        return sentAll;
    }

    /**
     * Writes the queued deliveries: one frame as its shared framed buffer, several as one shared buffer holding
     * them all (one write per client per loop task, however many deliveries it carries). When direct memory is
     * exhausted (the clients' unsent data reached the JVM's limit), they are dropped for this client alone and
     * {@link #flush()} says so, rather than the error ending the loop's delivery task for every client after it; a
     * client that holds unsent data is held back as a slow one ({@link MemoryHoldBack}). The loop's cache of framed
     * bytes is released before that, and the framing tried once more.
     */
    private void writeQueued() {
        if (queuedCount == 0) {
            return;
        }
        ByteBuf bytes;
        try {
            bytes = framedQueued();
        } catch (OutOfMemoryError e) {
            if (!DirectMemory.exhausted(e)) {
                throw e;
            }
            // The loop's kept frames go first: they are only there to be shared. Then once more.
            WireFrameCache.releaseLoopCache();
            bytes = framedQueuedOrNull();
        }
        Arrays.fill(queued, 0, queuedCount, null);
        queuedCount = 0;
        if (bytes != null) {
            head.write(bytes, head.voidPromise());
        }
    }

    private ByteBuf framedQueued() {
        WireFrameCache frames = compression == null ? WireFrameCache.plain() : WireFrameCache.deflating(compression);
        ByteBuf bytes = queuedCount == 1 ? frames.frame(queued[0]) : frames.sequence(queued, queuedCount);
        if (compression != null && frames.lastCompressed() > 0) {
            compression.stats().onCompressedFramesSent(frames.lastCompressed());
        }
        return bytes;
    }

    /**
     * The queued deliveries framed, or null when direct memory is still exhausted: then they are dropped for this
     * client, {@link #flush()} reports it, and the client is held back if it holds unsent data.
     */
    private ByteBuf framedQueuedOrNull() {
        try {
            return framedQueued();
        } catch (OutOfMemoryError e) {
            if (!DirectMemory.exhausted(e)) {
                throw e;
            }
            DirectMemory.deliveriesDropped(e);
            lostSinceFlush = true;
            MemoryHoldBack.holdBackIfHolding(channel);
            return null;
        }
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public void close(CloseReason reason) {
        writeQueued();
        closeChannel(channel, reason);
    }

    /** Sends a close frame with {@code reason}; see {@link #closeWith}. */
    static void closeChannel(Channel channel, CloseReason reason) {
        if (channel.isActive()) {
            closeWith(channel, new CloseWebSocketFrame(reason.code(), reason.reason()));
        }
    }

    /**
     * Sends {@code frame} from the end of the pipeline (so the session handler sees a close frame go out), closes
     * once it is written, and closes anyway after {@link #CLOSE_GRACE_MILLIS}.
     */
    static void closeWith(Channel channel, CloseWebSocketFrame frame) {
        channel.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }
}
