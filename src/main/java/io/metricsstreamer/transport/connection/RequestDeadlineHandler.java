package io.metricsstreamer.transport.connection;

import io.metricsstreamer.stats.ServerStats;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadline of each HTTP request, the WebSocket handshake included ({@code --handshake-timeout}): a connection's
 * first request must arrive whole, body and all, within the deadline of the accept, and every later request on a
 * keep-alive connection within the deadline of its first byte. Past it the request is answered 408 (when some of it
 * arrived and nothing was answered yet) and the connection closed; a body still arriving after its answer (a 413
 * whose rest is being discarded) is closed without one. Between requests (the last one received and answered,
 * nothing of the next yet) the deadline does not run: the idle timer governs.
 *
 * <p>Sits right after the HTTP codec, so it sees decoded heads and contents, and the responses written. It does no
 * work per byte: the codec fires a read-complete after every read, even one that decoded nothing, and that starts the
 * deadline of a keep-alive connection's next request. One timer task per connection at most, rescheduled lazily (a
 * request that completes does not cancel it: the task finds the connection between requests and ends). Removed with
 * the other HTTP handlers when the connection is upgraded to a WebSocket, whose heartbeats govern it from then on.
 * One instance per channel; runs on its event loop.
 */
public final class RequestDeadlineHandler extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlineHandler.class);

    /** Where the connection is with its current request. */
    private enum Phase {
        /** Accepted, nothing received yet: the first request's deadline runs from the accept. */
        OPENED,
        /** Some of a request has arrived, not yet its last byte: the deadline runs. */
        RECEIVING,
        /** The whole request arrived; its answer is not written yet. */
        RECEIVED,
        /** The last request arrived and was answered; nothing of the next yet. */
        BETWEEN,
        /** Past the deadline: closing. */
        EXPIRED
    }

    private final long deadlineNanos;
    private final ServerStats stats;
    private Phase phase = Phase.OPENED;
    /** Whether the current request got its (final, not 1xx) answer's head, and its last byte. */
    private boolean answered;
    private boolean answerWritten;
    /** Whether a request's last byte arrived in the current read: its read-complete starts no new deadline. */
    private boolean completedInThisRead;
    private long expiresAt;
    private ScheduledFuture<?> timer;

    /** A deadline of {@code deadlineNanos} for each request; each connection closed at it counted in {@code stats}. */
    public RequestDeadlineHandler(long deadlineNanos, ServerStats stats) {
        this.deadlineNanos = deadlineNanos;
        this.stats = stats;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (timer == null && phase == Phase.OPENED) {
            start(ctx);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (phase == Phase.EXPIRED) {
            ReferenceCountUtil.release(msg); // answered 408 or closing: nothing more is served
            return;
        }
        if (msg instanceof HttpRequest && phase != Phase.RECEIVING) {
            beginRequest(ctx);
        }
        if (msg instanceof LastHttpContent && phase == Phase.RECEIVING) {
            completedInThisRead = true;
            phase = answerWritten ? Phase.BETWEEN : Phase.RECEIVED;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!completedInThisRead) {
            if (phase == Phase.BETWEEN) {
                beginRequest(ctx); // bytes of the next request, still in the codec
            } else if (phase == Phase.OPENED) {
                phase = Phase.RECEIVING;
            }
        }
        completedInThisRead = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse res && res.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            answered = true;
            answerWritten = false;
        }
        if (msg instanceof LastHttpContent && answered) {
            answerWritten = true;
            if (phase == Phase.RECEIVED) {
                phase = Phase.BETWEEN;
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    /** A new request: its deadline starts now, and nothing of it is answered yet. */
    private void beginRequest(ChannelHandlerContext ctx) {
        if (phase != Phase.OPENED) {
            start(ctx);
        }
        phase = Phase.RECEIVING;
        answered = false;
        answerWritten = false;
    }

    private void start(ChannelHandlerContext ctx) {
        expiresAt = System.nanoTime() + deadlineNanos;
        if (timer == null) {
            timer = ctx.executor().schedule(() -> check(ctx), deadlineNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check(ChannelHandlerContext ctx) {
        timer = null;
        if (phase != Phase.OPENED && phase != Phase.RECEIVING) {
            return;
        }
        long left = expiresAt - System.nanoTime();
        if (left > 0) {
            timer = ctx.executor().schedule(() -> check(ctx), left, TimeUnit.NANOSECONDS);
            return;
        }
        boolean partial = phase == Phase.RECEIVING;
        phase = Phase.EXPIRED;
        stats.onHandshakeTimeout();
        if (partial && !answered) {
            LOG.debug("request not received within its deadline on {}: 408", ctx.channel());
            HttpResponses.error(ctx, null, HttpResponseStatus.REQUEST_TIMEOUT,
                    "request not received within the server's deadline (--handshake-timeout)");
        } else {
            LOG.debug("closing {}: request not received within its deadline", ctx.channel());
            ctx.close();
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
