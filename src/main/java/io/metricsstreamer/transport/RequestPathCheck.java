package io.metricsstreamer.transport;

import io.metricsstreamer.transport.connection.HttpResponses;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, with 400 and a JSON error, a request whose path does not decode (a malformed percent-escape such as
 * {@code /%zz}), and releases it. It stands before the handshake step and the routers, which decode the path with
 * {@link QueryStringDecoder} and may then rely on it decoding: the decoder throws on a malformed escape. Logged at
 * debug, one line. A path without {@code %} is passed on without decoding. Stateless: one instance serves every
 * channel of both listeners, on their event loops.
 */
@ChannelHandler.Sharable
final class RequestPathCheck extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestPathCheck.class);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest req && !decodes(req.uri())) {
            try {
                LOG.debug("refused a request with a malformed percent-escape in its path on {}", ctx.channel());
                HttpResponses.error(ctx, req, HttpResponseStatus.BAD_REQUEST,
                        "malformed percent-escape in the request path: each % must be followed by two hex digits");
            } finally {
                req.release();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Whether the path of {@code uri} decodes. */
    static boolean decodes(String uri) {
        if (uri.indexOf('%') < 0) {
            return true;
        }
        try {
            new QueryStringDecoder(uri).path();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
