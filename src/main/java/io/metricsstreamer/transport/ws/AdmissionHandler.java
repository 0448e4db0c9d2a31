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

/**
 * The one admission step of every WebSocket handshake: reserves a connection slot before the upgrade, answers
 * 503 when {@code --max-clients} are connected, and frees the slot when the connection closes. Requests for other
 * paths pass through untouched. One instance per channel, until it admits: then it leaves the pipeline and the
 * channel's close frees the slot.
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
            ctx.channel().closeFuture().addListener(closed -> admission.release());
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }

    private boolean isUpgrade(FullHttpRequest req) {
        return path.equals(new QueryStringDecoder(req.uri()).path())
                && req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }
}
