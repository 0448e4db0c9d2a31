package io.metricsstreamer.transport.ws;

import io.metricsstreamer.hub.ClientRegistry;
import io.metricsstreamer.transport.HttpResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;

/**
 * The one admission step of every WebSocket handshake: reserves a connection slot before the upgrade, answers
 * 503 when {@code --max-clients} are connected, and frees the slot when the connection closes. Requests for other
 * paths pass through untouched. One instance per channel, until a handshake it admitted is under way: then it leaves
 * the pipeline and the channel's close frees the slot. A request the handshake refuses frees its slot at once.
 */
public final class AdmissionHandler extends ChannelInboundHandlerAdapter {
    private final ClientRegistry registry;
    private final String path;

    /** Admits upgrades to {@code path} against {@code registry}. */
    public AdmissionHandler(ClientRegistry registry, String path) {
        this.registry = registry;
        this.path = path;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest req && isUpgrade(req)) {
            ClientRegistry.Admission admission = registry.tryAdmit();
            if (admission == null) {
                HttpResponses.error(ctx, null, HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "server is at its client limit; try again later");
                req.release();
                return;
            }
            ctx.fireChannelRead(msg);
            if (ctx.pipeline().get(WebSocketFrameDecoder.class) != null) {
                // The handshake took the request (it installs its frame decoder at once): the slot is the
                // connection's until it closes, and this handler has nothing more to do.
                ctx.channel().closeFuture().addListener(closed -> admission.release());
                ctx.pipeline().remove(this);
            } else {
                // The handshake refused it (wrong version or method, a URI other than the path, e.g. with a query):
                // the answer was an HTTP error, and the connection holds no slot.
                admission.release();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private boolean isUpgrade(FullHttpRequest req) {
        return path.equals(new QueryStringDecoder(req.uri()).path())
                && req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }
}
