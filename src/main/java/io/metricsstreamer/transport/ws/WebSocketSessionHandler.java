package io.metricsstreamer.transport.ws;

import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.delivery.ClientSession;
import io.metricsstreamer.delivery.CloseReason;
import io.metricsstreamer.delivery.DeliveryConfig;
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
 *
 * <p>The heartbeat is one timer per connection, which the handler itself re-arms for the earlier of the next ping and
 * the moment the client will have been silent for two heartbeats (any bytes read count as heard). With 10,000
 * connections this costs one scheduled task each, not an idle-state handler and two tasks.
 */
public final class WebSocketSessionHandler extends ChannelInboundHandlerAdapter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSessionHandler.class);

    private final ServerContext server;
    private final ChannelGroup clients;
    private final DeliveryConfig delivery;
    private ClientSession session;
    private ChannelHandlerContext ctx;
    private long heartbeatNanos;
    private long lastHeardNanos;
    private long nextPingNanos;
    private ScheduledFuture<?> heartbeatTimer;

    /**
     * A handler registering its session, delivering by {@code delivery}, with {@code server} and its channel in
     * {@code clients}.
     */
    public WebSocketSessionHandler(ServerContext server, ChannelGroup clients, DeliveryConfig delivery) {
        this.server = server;
        this.clients = clients;
        this.delivery = delivery;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            open(ctx);
        } else if (evt instanceof IdleStateEvent) {
            LOG.debug("closing idle HTTP connection {}", ctx.channel());
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    private void open(ChannelHandlerContext ctx) {
        TransportPorts.upgraded(ctx.channel());
        this.ctx = ctx;
        session = new ClientSession(server.hub().registry().newClientId(), TransportPorts.outbound(ctx.channel()),
                TransportPorts.scheduler(ctx.channel().eventLoop()), delivery, server.types(), server.stats());
        clients.add(ctx.channel());
        server.hub().register(session, ctx.channel().eventLoop());
        session.open(Instant.now());
        heartbeatNanos = StreamerConfig.secondsToNanos(server.config().heartbeatSeconds());
        lastHeardNanos = System.nanoTime();
        nextPingNanos = lastHeardNanos + heartbeatNanos;
        armHeartbeat(lastHeardNanos);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} connected from {}", session.id(), ctx.channel().remoteAddress());
        }
    }

    private void armHeartbeat(long now) {
        long due = Math.min(nextPingNanos, lastHeardNanos + 2 * heartbeatNanos);
        heartbeatTimer = ctx.executor().schedule(this, Math.max(0, due - now), TimeUnit.NANOSECONDS);
    }

    /** The heartbeat timer: closes a client silent for two heartbeats, else pings when due, then re-arms. */
    @Override
    public void run() {
        if (session == null || session.isClosed()) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastHeardNanos >= 2 * heartbeatNanos) {
            LOG.info("closing {}: nothing received for two heartbeats", session.id());
            TransportPorts.close(ctx.channel(), CloseReason.HEARTBEAT_TIMEOUT);
            return;
        }
        if (now - nextPingNanos >= 0) {
            ctx.writeAndFlush(new PingWebSocketFrame(), ctx.voidPromise());
            nextPingNanos = now + heartbeatNanos;
        }
        armHeartbeat(now);
    }

    /** Anything read from the client, a pong included, counts as hearing from it. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            lastHeardNanos = System.nanoTime();
        }
        super.channelReadComplete(ctx);
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
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel(false);
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
