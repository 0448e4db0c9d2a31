package io.metricsstreamer.transport;

import io.metricsstreamer.delivery.DeliveryConfig;
import io.metricsstreamer.transport.http.HttpRouter;
import io.metricsstreamer.transport.ws.AdmissionHandler;
import io.metricsstreamer.transport.ws.WebSocketSessionHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of every accepted connection: HTTP codec, body limit, WebSocket admission, the WebSocket protocol
 * on {@code wsPath}, the session handler, then either the HTTP API router (HTTP port) or a 404 (WebSocket port).
 */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    /** An HTTP connection (not yet a WebSocket) idle this long is closed. */
    static final long HTTP_IDLE_SECONDS = 60;
    private static final String IDLE = "idle";
    private static final String ROUTER = "router";
    private static final NotFound NOT_FOUND = new NotFound();

    private final ServerContext server;
    private final ChannelGroup clients;
    private final String wsPath;
    private final ChannelHandler router;
    private final WebSocketServerProtocolConfig ws;
    private final DeliveryConfig delivery;

    ServerInitializer(ServerContext server, ChannelGroup clients, String wsPath, HttpRouter router) {
        this.server = server;
        this.clients = clients;
        this.wsPath = wsPath;
        this.router = router != null ? router : NOT_FOUND;
        this.ws = protocolConfig(wsPath, server.config().maxFrameBytes());
        this.delivery = server.config().deliveryConfig();
    }

    /** Shared by every connection: each holding its own copy cost 72 bytes a connection. */
    private static WebSocketServerProtocolConfig protocolConfig(String wsPath, int maxFrame) {
        return WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(wsPath)
                .checkStartsWith(false)
                .handleCloseFrames(true)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(maxFrame)
                        .allowExtensions(false)
                        .closeOnProtocolViolation(true)
                        .build())
                .build();
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast(IDLE, new IdleStateHandler(0, 0, HTTP_IDLE_SECONDS, TimeUnit.SECONDS));
        p.addLast("http", new HttpServerCodec());
        p.addLast("aggregate", new BodyLimitAggregator());
        p.addLast("admission", new AdmissionHandler(server.hub().registry(), wsPath));
        p.addLast("websocket", new WebSocketServerProtocolHandler(ws));
        p.addLast("fragments", new WebSocketFrameAggregator(server.config().maxFrameBytes()));
        p.addLast("session", new WebSocketSessionHandler(server, clients, delivery));
        p.addLast(ROUTER, router);
    }

    /** See {@link TransportPorts#upgraded}. */
    static void removeHttpOnlyHandlers(ChannelPipeline p) {
        for (String name : new String[] {IDLE, ROUTER}) {
            if (p.get(name) != null) {
                p.remove(name);
            }
        }
    }

    /** The WebSocket port serves nothing but the WebSocket. */
    @ChannelHandler.Sharable
    private static final class NotFound extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest req) {
                HttpResponses.error(ctx, req, HttpResponseStatus.NOT_FOUND,
                        "this port serves only the WebSocket endpoint at /");
            }
            ReferenceCountUtil.release(msg);
        }
    }
}
