package io.metricsstreamer.transport.connection;

import io.metricsstreamer.stats.ClientError;
import io.metricsstreamer.stats.ServerStats;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.util.AttributeKey;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * How the handlers of every connection end one that failed, and tell the client's doing from the server's. What a
 * client did wrong (a {@link ClientError}: a bad frame, a reset, leaving mid-message) is counted in
 * {@link ServerStats} and logged in one line without a stack trace, once per connection: at info when it broke the
 * protocol (an operator may want to know who), at debug when it just went away. Anyone can provoke those, so they
 * must not flood the log. Direct memory running out is told by {@link DirectMemory}, now and then. Anything else is
 * unexpected, a fault of the server, and logged as a warning with its stack trace. Either way the channel closes.
 * On the channel's event loop.
 */
public final class ConnectionErrors {
    private static final AttributeKey<Boolean> REPORTED = AttributeKey.valueOf(ConnectionErrors.class, "reported");

    private ConnectionErrors() {
    }

    /**
     * The kind of client error {@code cause} is, or null when it is none (an exception of the server's own). An I/O
     * error is a reset or a broken pipe; a premature closure is a client leaving mid-request or mid-frame; a corrupt
     * frame is a violation of RFC 6455 (oversize messages are told apart by the caller, which closes them with 1009).
     */
    public static ClientError kindOf(Throwable cause) {
        if (cause instanceof IOException) {
            return ClientError.CONNECTION_RESET;
        }
        if (cause instanceof PrematureChannelClosureException) {
            return ClientError.INCOMPLETE_MESSAGE;
        }
        if (cause instanceof CorruptedWebSocketFrameException) {
            return ClientError.WEBSOCKET_PROTOCOL;
        }
        return null;
    }

    /** Reports {@code cause} to {@code log} and {@code stats} as above and closes the channel of {@code ctx}. */
    public static void close(Logger log, ChannelHandlerContext ctx, Throwable cause, ServerStats stats) {
        ClientError kind = kindOf(cause);
        if (cause instanceof OutOfMemoryError oom && DirectMemory.exhausted(oom)) {
            DirectMemory.connectionClosed(oom);
        } else if (kind == null) {
            log.warn("unexpected error on {}; closing it", ctx.channel(), cause);
        } else {
            report(log, ctx.channel(), ctx.channel(), kind, String.valueOf(cause.getMessage()), stats);
        }
        ctx.close();
    }

    /**
     * Counts client error {@code kind} and logs {@code "closing WHO: WHAT"} in one line, unless the channel already
     * reported one (a reset mid-body is one error, not a reset and then an incomplete body). It does not close.
     */
    public static void report(Logger log, Channel channel, Object who, ClientError kind, String what,
            ServerStats stats) {
        if (channel.attr(REPORTED).setIfAbsent(Boolean.TRUE) != null) {
            return;
        }
        stats.onClientError(kind);
        Level level = kind == ClientError.CONNECTION_RESET || kind == ClientError.INCOMPLETE_MESSAGE
                ? Level.DEBUG : Level.INFO;
        if (log.isEnabledForLevel(level)) {
            log.atLevel(level).log("closing {}: {} ({})", who, what, kind.wire());
        }
    }
}
