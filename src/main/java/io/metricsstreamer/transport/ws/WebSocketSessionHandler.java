package io.metricsstreamer.transport.ws;

import io.metricsstreamer.delivery.ClientSession;
import io.metricsstreamer.delivery.CloseReason;
import io.metricsstreamer.protocol.ProtocolException;
import io.metricsstreamer.transport.ServerContext;
import io.metricsstreamer.transport.TransportPorts;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's WebSocket: creates its {@link ClientSession} when the handshake completes, feeds it text frames as
 * protocol messages, pings every heartbeat, closes silent clients after two heartbeats, binary frames with 1003 and
 * oversize messages with 1009, and removes the session the moment the channel closes. Bad client input becomes an
 * {@code error} message, never an exception. One instance per channel; runs on its event loop.
 */
public final class WebSocketSessionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSessionHandler.class);

    private final ServerContext server;
    private final ChannelGroup clients;
    private ClientSession session;
    private ScheduledFuture<?> heartbeat;

    /** A handler registering its session with {@code server} and its channel in {@code clients}. */
    public WebSocketSessionHandler(ServerContext server, ChannelGroup clients) {
        this.server = server;
        this.clients = clients;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            open(ctx);
        } else if (evt instanceof IdleStateEvent && session != null) {
            LOG.info("closing {}: nothing received for two heartbeats", session.id());
            TransportPorts.close(ctx.channel(), CloseReason.HEARTBEAT_TIMEOUT);
        } else if (evt instanceof IdleStateEvent) {
            LOG.debug("closing idle HTTP connection {}", ctx.channel());
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    private void open(ChannelHandlerContext ctx) {
        long heartbeatNanos = Math.round(server.config().heartbeatSeconds() * 1e9);
        ctx.pipeline().replace("idle", "idle",
                new IdleStateHandler(2 * heartbeatNanos, 0, 0, TimeUnit.NANOSECONDS));
        session = new ClientSession(server.hub().registry().newClientId(), TransportPorts.outbound(ctx.channel()),
                TransportPorts.scheduler(ctx.channel().eventLoop()), server.config().deliveryConfig(), server.types(),
                server.stats());
        clients.add(ctx.channel());
        server.hub().register(session, ctx.channel().eventLoop());
        session.open(Instant.now());
        heartbeat = ctx.executor().scheduleAtFixedRate(
                () -> ctx.writeAndFlush(new PingWebSocketFrame(), ctx.voidPromise()),
                heartbeatNanos, heartbeatNanos, TimeUnit.NANOSECONDS);
        LOG.debug("{} connected from {}", session.id(), ctx.channel().remoteAddress());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (session == null) {
                return;
            }
            if (frame instanceof TextWebSocketFrame text) {
                onText(text.text());
            } else if (frame instanceof BinaryWebSocketFrame) {
                LOG.info("closing {}: it sent a binary frame", session.id());
                TransportPorts.close(ctx.channel(), CloseReason.UNSUPPORTED_DATA);
            }
        } finally {
            frame.release();
        }
    }

    private void onText(String text) {
        try {
            session.onMessage(server.messages().parse(text));
        } catch (ProtocolException e) {
            session.onRefused(e);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            // Deferred: Netty fires this from inside write() and flush(), and the session must not be re-entered
            // while it is writing. The state is read when the task runs, so a flip-flop collapses to the latest.
            ClientSession s = session;
            ctx.executor().execute(() -> s.onWritabilityChanged(ctx.channel().isWritable()));
            // A client that does not read what it asked for (pongs, replies) is not read from either: its
            // requests cannot pile up replies in the server's memory.
            ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (session != null) {
            server.hub().unregister(session, ctx.channel().eventLoop());
            LOG.debug("{} disconnected", session.id());
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedWebSocketFrameException c
                && c.closeStatus() != null && c.closeStatus().code() == CloseReason.MESSAGE_TOO_BIG.code()) {
            LOG.info("closing {}: message over {} bytes", session == null ? ctx.channel() : session.id(),
                    server.config().maxFrameBytes());
            TransportPorts.close(ctx.channel(), CloseReason.MESSAGE_TOO_BIG);
        } else if (cause instanceof IOException) {
            LOG.debug("connection error on {}: {}", ctx.channel(), cause.toString());
            ctx.close();
        } else {
            LOG.warn("unexpected error on {}; closing it", ctx.channel(), cause);
            ctx.close();
        }
    }
}
