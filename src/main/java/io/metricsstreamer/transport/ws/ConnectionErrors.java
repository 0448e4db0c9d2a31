package io.metricsstreamer.transport.ws;

import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import org.slf4j.Logger;

/**
 * How the handlers of this package end a connection that failed: an I/O error (a reset, a broken pipe) is the
 * client's doing and logged at debug, anything else is unexpected and logged as a warning; either way the channel
 * closes. On the channel's event loop.
 */
final class ConnectionErrors {
    private ConnectionErrors() {
    }

    /** Logs {@code cause} to {@code log} as above and closes the channel of {@code ctx}. */
    static void close(Logger log, ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("connection error on {}: {}", ctx.channel(), cause.toString());
        } else {
            log.warn("unexpected error on {}; closing it", ctx.channel(), cause);
        }
        ctx.close();
    }
}
