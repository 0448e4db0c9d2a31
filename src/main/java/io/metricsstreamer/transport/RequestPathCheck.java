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
 * Refuses, with 400 and a JSON error, a request whose path or query does not decode (a malformed percent-escape such
 * as {@code /%zz} or {@code /ws?token=%}), and releases it. It stands before the handshake step and the routers,
 * which decode the path and the query with {@link QueryStringDecoder} and may then rely on them decoding: the decoder
 * throws on a malformed escape. Logged at debug, one line. A URL without {@code %} is passed on without decoding.
 * Stateless: one instance serves every channel of both listeners, on their event loops.
 */
@ChannelHandler.Sharable
final class RequestPathCheck extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestPathCheck.class);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        String refusal = msg instanceof FullHttpRequest req ? refusal(req.uri()) : null;
        if (refusal != null) {
            FullHttpRequest req = (FullHttpRequest) msg;
            try {
                LOG.debug("refused a request with a malformed percent-escape in its URL on {}", ctx.channel());
                HttpResponses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, refusal);
            } finally {
                req.release();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Why the path or the query of {@code uri} does not decode, or null when both do. */
    static String refusal(String uri) {
        if (uri.indexOf('%') < 0) {
            return null;
        }
        QueryStringDecoder decoder = new QueryStringDecoder(uri);
        try {
            decoder.path();
        } catch (IllegalArgumentException e) {
            return "malformed percent-escape in the request path: each % must be followed by two hex digits";
        }
        try {
            decoder.parameters();
        } catch (IllegalArgumentException e) {
            return "malformed percent-escape in the query: each % must be followed by two hex digits";
        }
        return null;
    }
}
