package io.metricsstreamer.transport.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * First in a TLS port's pipeline, before the {@code SslHandler}: looks at a connection's first byte. A TLS client
 * always begins with a handshake record (content type 22), and then this handler leaves the pipeline. Anything else
 * is plaintext (most often {@code http://} or {@code ws://} to a TLS port): it is answered, in plaintext, with a 400
 * that says to use {@code https://} or {@code wss://}, as nginx does, and the connection is closed (after its output
 * is shut, so the answer is not lost to a reset); counted as a failed handshake. A connection that closes before
 * sending a byte keeps this handler to its end, which tells the guard it never tried TLS. One per channel, on its
 * event loop.
 */
final class PlaintextRefusal extends ChannelInboundHandlerAdapter {
    /** The first byte of every TLS connection: the record type of a handshake message. */
    static final int TLS_HANDSHAKE_RECORD = 22;
    /** How long a refused connection may take to close its side after the answer. */
    static final long LINGER_MILLIS = 2_000;
    static final String ANSWER = "This port serves TLS only: use https:// (or wss:// for the WebSocket).\n";
    private static final byte[] RESPONSE = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: " + ANSWER.length() + "\r\nConnection: close\r\n\r\n" + ANSWER)
            .getBytes(StandardCharsets.US_ASCII);

    private final HandshakeFailures failures;
    private boolean refused;

    PlaintextRefusal(HandshakeFailures failures) {
        this.failures = failures;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ByteBuf in = (ByteBuf) msg;
        if (!in.isReadable()) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (in.getUnsignedByte(in.readerIndex()) == TLS_HANDSHAKE_RECORD) {
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(msg);
            return;
        }
        refused = true;
        boolean http = Character.isUpperCase(in.getUnsignedByte(in.readerIndex()));
        in.release();
        failures.failed(ctx.channel(), "plaintext" + (http ? " HTTP" : "") + " sent to the TLS port");
        if (http) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(RESPONSE)).addListener(done -> shutOutput(ctx));
        } else {
            ctx.close();
        }
    }

    /** Shuts the output after the answer, and closes when the client closes its side, or after the linger. */
    private static void shutOutput(ChannelHandlerContext ctx) {
        if (ctx.channel() instanceof DuplexChannel duplex && ctx.channel().isActive()) {
            duplex.shutdownOutput();
            ctx.executor().schedule(() -> {
                ctx.close();
            }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            ctx.close();
        }
    }
}
