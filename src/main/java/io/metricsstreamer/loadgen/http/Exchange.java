package io.metricsstreamer.loadgen.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's request/response exchanges, one at a time. A whole response (through its last content) ends the
 * exchange: the connection goes back to the pool when both sides keep it alive, else it is closed. A timeout, a
 * decoding error or the connection closing first end the exchange with that outcome and close the connection.
 */
final class Exchange extends ChannelDuplexHandler {
    private final HttpLoadClient client;
    private ChannelHandlerContext ctx;
    private ByteCounter counter;
    private boolean busy;
    private long intended;
    private int status;
    private boolean keepAlive;
    private long readAtStart;
    private ScheduledFuture<?> timeout;

    Exchange(HttpLoadClient client) {
        this.client = client;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        this.counter = context.pipeline().get(ByteCounter.class);
    }

    void send(long intendedNanos) {
        busy = true;
        intended = intendedNanos;
        status = -1;
        readAtStart = counter.read;
        long deadline = intendedNanos + client.timeoutNanos() - System.nanoTime();
        timeout = ctx.executor().schedule(this::timedOut, Math.max(0, deadline), TimeUnit.NANOSECONDS);
        ctx.writeAndFlush(client.request().duplicate(), ctx.voidPromise());
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        try {
            if (!busy || !(msg instanceof HttpObject object)) {
                return;
            }
            DecoderResult result = object.decoderResult();
            if (result.isFailure()) {
                end(false, -1);
                return;
            }
            if (msg instanceof HttpResponse response) {
                status = response.status().code();
                keepAlive = HttpUtil.isKeepAlive(response);
            }
            if (msg instanceof LastHttpContent && status > 0) {
                end(true, status);
            } else if (msg instanceof HttpContent && status <= 0) {
                end(false, -1);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void end(boolean responded, int code) {
        busy = false;
        timeout.cancel(false);
        long now = System.nanoTime();
        if (responded) {
            long bytes = client.request().readableBytes() + counter.read - readAtStart;
            client.outcomes().responded(code, intended, now, bytes);
            if (keepAlive) {
                client.reusable(this);
                return;
            }
        } else {
            client.outcomes().failed(FailureKind.IO, intended, now);
        }
        client.finished(this);
        ctx.close();
    }

    private void timedOut() {
        if (!busy) {
            return;
        }
        busy = false;
        client.outcomes().timedOut(intended, System.nanoTime());
        client.finished(this);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (busy) {
            end(false, -1);
        }
        client.closed(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (busy) {
            end(false, -1);
        } else {
            context.close();
        }
    }

    /** Counts the bytes received on the connection, before decoding. */
    static final class ByteCounter extends ChannelInboundHandlerAdapter {
        private long read;

        @Override
        public void channelRead(ChannelHandlerContext context, Object msg) {
            if (msg instanceof ByteBuf buf) {
                read += buf.readableBytes();
            }
            context.fireChannelRead(msg);
        }
    }

    /** The response decoder, told that a HEAD request's response has no body whatever its headers say. */
    static final class Decoder extends HttpResponseDecoder {
        private final boolean head;

        Decoder(boolean head) {
            this.head = head;
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage msg) {
            return head || super.isContentAlwaysEmpty(msg);
        }
    }
}
