package io.metricsstreamer.transport.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Holds back a client whose unsent data is part of why direct memory ran out, as if it were over the slow-client
 * mark. Each client's mark bounds what it holds alone; many clients that read nothing, each under its mark, can
 * still hold all the direct memory there is together, and then no delivery can be framed for anyone. A client that
 * had a delivery dropped for lack of memory while it still held unsent bytes is therefore made unwritable (a
 * user-defined writability bit of its channel's outbound buffer): its session parks, and the slow-client deadline
 * closes it if it does not drain, which frees what it held. Once its socket drains to the low water mark the bit is
 * cleared and it resumes. A client holding nothing unsent is not held back: the others are why memory ran out.
 * On the channel's event loop.
 */
final class MemoryHoldBack {
    /** The writability bit this uses (Netty's are 1..31; the water marks use the channel's own). */
    static final int BIT = 1;
    /** How often a held-back channel is checked for having drained. */
    static final long CHECK_EVERY_MILLIS = 100;

    private MemoryHoldBack() {
    }

    /** Holds back {@code channel} if it holds unsent bytes and is not held back already. */
    static void holdBackIfHolding(Channel channel) {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        if (out != null && out.totalPendingWriteBytes() > 0 && out.getUserDefinedWritability(BIT)) {
            out.setUserDefinedWritability(BIT, false);
            scheduleCheck(channel);
        }
    }

    private static void scheduleCheck(Channel channel) {
        channel.eventLoop().schedule(() -> releaseIfDrained(channel), CHECK_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static void releaseIfDrained(Channel channel) {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        if (out == null || !channel.isActive()) {
            return;
        }
        if (out.totalPendingWriteBytes() <= channel.config().getWriteBufferLowWaterMark()) {
            out.setUserDefinedWritability(BIT, true);
        } else {
            scheduleCheck(channel);
        }
    }
}
