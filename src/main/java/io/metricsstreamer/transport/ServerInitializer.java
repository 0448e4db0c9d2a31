package io.metricsstreamer.transport;

import io.metricsstreamer.limits.ConnectionsPerAddress;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.transport.connection.HttpResponses;
import io.metricsstreamer.transport.connection.RequestDeadlineHandler;
import io.metricsstreamer.transport.connection.ServerContext;
import io.metricsstreamer.transport.http.HttpRouter;
import io.metricsstreamer.transport.tls.ServerTls;
import io.metricsstreamer.transport.ws.AdmissionHandler;
import io.metricsstreamer.transport.ws.WebSocketSessionHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of every accepted connection: idle timer, HTTP codec, the request deadline
 * ({@link RequestDeadlineHandler}), body limit, the path check (400 for a path that does not decode), the WebSocket
 * admission step (the handshake on {@code wsPath}, and 426 for a plain request there), then either the HTTP API
 * router (HTTP port) or a 404 for every other path (WebSocket port). A handshake replaces all of them by the
 * WebSocket frame codec and the session handler. With TLS on, its handlers come first ({@link ServerTls}) and stay.
 *
 * <p>Before the upgrade a connection is bounded in time, not in number ({@code --max-clients} counts WebSocket
 * clients): each request must arrive whole within the deadline, and a keep-alive connection idle between requests
 * (no byte either way) for {@link #HTTP_IDLE_SECONDS} is closed.
 */
final class ServerInitializer extends ChannelInitializer<Channel> {
    /** An HTTP connection (not yet a WebSocket) idle this long is closed. */
    static final long HTTP_IDLE_SECONDS = 60;
    private static final String IDLE = "idle";
    private static final String DEADLINE = "deadline";
    private static final String ROUTER = "router";
    private static final String PATH_CHECK = "path-check";
    private static final NotFound NOT_FOUND = new NotFound();
    private static final RequestPathCheck CHECK_PATH = new RequestPathCheck();

    private final ChannelHandler router;
    private final AdmissionHandler admission;
    private final long requestDeadlineNanos;
    private final ServerStats stats;
    private final ServerTls tls;

    /** The pipeline of a plain listener; {@code router} null on the WebSocket port. */
    ServerInitializer(ServerContext server, ChannelGroup clients, ConnectionsPerAddress perAddress, String wsPath,
                      HttpRouter router) {
        this(server, clients, perAddress, wsPath, router, null);
    }

    /** The pipeline of a listener; {@code router} null on the WebSocket port, {@code tls} null without TLS. */
    ServerInitializer(ServerContext server, ChannelGroup clients, ConnectionsPerAddress perAddress, String wsPath,
                      HttpRouter router, ServerTls tls) {
        this.tls = tls;
        this.router = router != null ? router : NOT_FOUND;
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(server.config().maxFrameBytes())
                .allowExtensions(false)
                .closeOnProtocolViolation(true)
                .build();
        this.admission = new AdmissionHandler(server.hub().registry(), server.messages(), server.stats(), perAddress,
                server.access(), wsPath, decoder, server.config().compression(),
                slot -> new WebSocketSessionHandler(server, clients, slot), IDLE, DEADLINE, PATH_CHECK, ROUTER);
        this.requestDeadlineNanos = server.config().requestDeadlineNanos();
        this.stats = server.stats();
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            tls.install(ch);
        }
        p.addLast(IDLE, new IdleStateHandler(0, 0, HTTP_IDLE_SECONDS, TimeUnit.SECONDS));
        p.addLast("http", new HttpServerCodec());
        p.addLast(DEADLINE, new RequestDeadlineHandler(requestDeadlineNanos, stats));
        p.addLast("aggregate", new BodyLimitAggregator());
        p.addLast(PATH_CHECK, CHECK_PATH);
        p.addLast("admission", admission);
        p.addLast(ROUTER, router);
    }

    /** The WebSocket port serves nothing but the WebSocket. */
    @ChannelHandler.Sharable
    private static final class NotFound extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest req) {
                if (!req.decoderResult().isSuccess()) {
                    // As the HTTP port answers one: a request that does not parse is the client's error, not a miss.
                    HttpResponses.malformed(ctx, req.decoderResult());
                } else {
                    HttpResponses.error(ctx, req, HttpResponseStatus.NOT_FOUND,
                            "this port serves only the WebSocket endpoint at /");
                }
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
