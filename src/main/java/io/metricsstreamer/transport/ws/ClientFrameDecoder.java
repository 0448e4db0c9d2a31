package io.metricsstreamer.transport.ws;

import io.metricsstreamer.delivery.CloseReason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Netty's RFC 6455 frame decoder with three changes: it leaves a close frame's body (its code and reason) to
 * {@link ClientCloseFrames}, so that the session handler can answer a bad one with a close frame; it reports a
 * client that went away in the middle of a frame (as a {@link PrematureChannelClosureException}, as Netty's HTTP
 * aggregator reports one that left mid-body), which Netty's decoder drops in silence; and for a client that
 * negotiated permessage-deflate, whose frames Netty's decoder then lets through with any reserved bit, it enforces
 * RFC 7692 section 6: RSV1 only on the first frame of a data message, never RSV2 or RSV3 (closed with 1002, as Netty
 * closes a client that sets a reserved bit without an extension). One per connection, on its event loop.
 */
final class ClientFrameDecoder extends WebSocket13FrameDecoder {
    /** RSV1, as {@link WebSocketFrame#rsv()} gives it. */
    static final int RSV1 = 0x4;

    private final boolean deflate;
    /** A frame broke the extension's rules: the connection is closing, and what it still sends is ignored. */
    private boolean corrupt;

    private ClientFrameDecoder(WebSocketDecoderConfig config, boolean deflate) {
        super(config);
        this.deflate = deflate;
    }

    @Override
    protected void checkCloseFrameBody(ChannelHandlerContext ctx, ByteBuf buffer) {
        // Checked by the session handler, which can still answer with a close frame.
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (corrupt) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int before = out.size();
        super.decode(ctx, in, out);
        if (!deflate) {
            return;
        }
        for (int i = before; i < out.size(); i++) {
            String violation = violation((WebSocketFrame) out.get(i));
            if (violation != null) {
                for (int j = out.size() - 1; j >= before; j--) {
                    ReferenceCountUtil.release(out.remove(j));
                }
                corrupt = true;
                in.skipBytes(in.readableBytes());
                ctx.writeAndFlush(new CloseWebSocketFrame(CloseReason.PROTOCOL_ERROR.code(),
                        CloseReason.PROTOCOL_ERROR.reason())).addListener(ChannelFutureListener.CLOSE);
                throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR, violation);
            }
        }
    }

    /** What is wrong with {@code frame} under permessage-deflate (RFC 7692 section 6), or null. */
    static String violation(WebSocketFrame frame) {
        int rsv = frame.rsv();
        if ((rsv & ~RSV1) != 0) {
            return "RSV2 or RSV3 set, which permessage-deflate does not use, RSV:" + rsv;
        }
        if (rsv != 0 && !(frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)) {
            return frame instanceof ContinuationWebSocketFrame
                    ? "RSV1 set on a continuation frame (only a message's first frame carries it)"
                    : "RSV1 set on a " + frame.getClass().getSimpleName() + " (only data messages are compressed)";
        }
        return null;
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
        private final boolean deflate;

        /**
         * A handshaker for {@code path}, decoding frames by {@code decoder} under the rules of permessage-deflate when
         * {@code deflate} (the client negotiated it; {@code decoder} then allows reserved bits); no subprotocols.
         */
        Handshaker(String path, WebSocketDecoderConfig decoder, boolean deflate) {
            super(path, null, decoder);
            this.deflate = deflate;
        }

        @Override
        protected WebSocketFrameDecoder newWebsocketDecoder() {
            return new ClientFrameDecoder(decoderConfig(), deflate);
        }
    }
}
