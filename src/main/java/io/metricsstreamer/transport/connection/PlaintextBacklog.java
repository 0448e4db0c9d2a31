package io.metricsstreamer.transport.connection;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.PendingWriteQueue;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;

/**
 * Right after a TLS connection's {@code SslHandler}: keeps what the connection has not sent as the plaintext it was
 * written in, and passes it on to be encrypted only as the socket takes it, at most {@link #IN_FLIGHT_BYTES} at a time
 * whose writes have not completed. A delivery frame is one buffer shared by every client that receives it, but its
 * encryption is each connection's own, and the {@code SslHandler} encrypts everything it was given at each flush:
 * without this, a client that falls behind holds its backlog (up to the slow-client mark) as encrypted copies of its
 * own, and a thousand such clients can hold more direct memory than there is. With it, a backlog holds the shared
 * frames, as without TLS, and each connection at most {@code IN_FLIGHT_BYTES} encrypted. What it holds counts toward
 * the channel's writability (Netty's {@link PendingWriteQueue}), so the slow-client mark sees a TLS client's unsent
 * bytes as it sees a plain one's. Order is kept; what it holds when the channel closes is released and its writes
 * fail. One per channel; on its event loop.
 */
public final class PlaintextBacklog extends ChannelDuplexHandler {
    /** Bytes passed on to be encrypted whose writes have not completed; the write that crosses it still goes. */
    static final int IN_FLIGHT_BYTES = 64 * 1024;

    private PendingWriteQueue held;
    private long inFlight;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        held = new PendingWriteQueue(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        failHeld();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        held.add(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        passOn(ctx);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
        failHeld();
        super.close(ctx, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        failHeld();
        super.channelInactive(ctx);
    }

    /**
     * Passes on what it holds, in order, until {@link #IN_FLIGHT_BYTES} are in flight, and flushes. The last write
     * passed carries a promise of its own: it completes after every write before it, and then the next part goes.
     */
    private void passOn(ChannelHandlerContext ctx) {
        if (held.isEmpty() || inFlight >= IN_FLIGHT_BYTES || !ctx.channel().isActive()) {
            return;
        }
        long batch = 0;
        while (!held.isEmpty()) {
            long before = held.bytes();
            Object msg = ReferenceCountUtil.retain(held.current());
            ChannelPromise promise = held.remove(); // releases msg once: it is passed on with the reference above
            batch += before - held.bytes();
            if (held.isEmpty() || inFlight + batch >= IN_FLIGHT_BYTES) {
                ctx.write(msg, completion(ctx, promise, batch));
                break;
            }
            ctx.write(msg, promise);
        }
        inFlight += batch;
        ctx.flush();
    }

    /** A promise that completes {@code original} and, once {@code bytes} are written, passes on more. */
    private ChannelPromise completion(ChannelHandlerContext ctx, ChannelPromise original, long bytes) {
        ChannelPromise written = ctx.newPromise();
        written.addListener(f -> {
            inFlight -= bytes;
            if (f.isSuccess()) {
                original.trySuccess();
                passOn(ctx);
            } else {
                original.tryFailure(f.cause());
            }
        });
        return written;
    }

    private void failHeld() {
        if (held != null && !held.isEmpty()) {
            held.removeAndFailAll(new ClosedChannelException());
        }
    }
}
