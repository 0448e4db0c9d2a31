package io.metricsstreamer.transport.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;

/**
 * Netty's RFC 6455 frame decoder with two changes: it leaves a close frame's body (its code and reason) to
 * {@link ClientCloseFrames}, so that the session handler can answer a bad one with a close frame, and it reports a
 * client that went away in the middle of a frame (as a {@link PrematureChannelClosureException}, as Netty's HTTP
 * aggregator reports one that left mid-body), which Netty's decoder drops in silence. One per connection, on its
 * event loop.
 */
final class ClientFrameDecoder extends WebSocket13FrameDecoder {
    private ClientFrameDecoder(WebSocketDecoderConfig config) {
        super(config);
    }

    @Override
    protected void checkCloseFrameBody(ChannelHandlerContext ctx, ByteBuf buffer) {
        // Checked by the session handler, which can still answer with a close frame.
    }

    /**
     * Bytes still buffered when the connection ends are part of a frame (a whole one would have been decoded): the
     * client left mid-frame. Reported before the channel's end reaches the handlers after this one.
     */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (actualReadableBytes() > 0) {
            ctx.fireExceptionCaught(new PrematureChannelClosureException(
                    "connection closed mid-frame, " + actualReadableBytes() + " bytes into it"));
        }
        super.channelInactive(ctx);
    }

    /** Netty's RFC 6455 handshaker, installing this decoder. */
    static final class Handshaker extends WebSocketServerHandshaker13 {
        /** A handshaker for {@code path}, decoding frames by {@code decoder}; no subprotocols. */
        Handshaker(String path, WebSocketDecoderConfig decoder) {
            super(path, null, decoder);
        }

        @Override
        protected WebSocketFrameDecoder newWebsocketDecoder() {
            return new ClientFrameDecoder(decoderConfig());
        }
    }
}
