package io.metricsstreamer.transport.ws;

import io.metricsstreamer.auth.Principal;
import io.metricsstreamer.delivery.ClientSession;
import io.metricsstreamer.delivery.CloseReason;
import io.metricsstreamer.delivery.MetricHistory;
import io.metricsstreamer.hub.ConnectionSlot;
import io.metricsstreamer.protocol.ClientMessage;
import io.metricsstreamer.protocol.ProtocolException;
import io.metricsstreamer.stats.ClientError;
import io.metricsstreamer.transport.compression.ClientContext;
import io.metricsstreamer.transport.compression.DeflateNegotiation;
import io.metricsstreamer.transport.compression.FrameCompression;
import io.metricsstreamer.transport.compression.MessageInflater;
import io.metricsstreamer.transport.connection.ConnectionErrors;
import io.metricsstreamer.transport.connection.ServerContext;
import io.metricsstreamer.transport.connection.TransportPorts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.util.CharsetUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's WebSocket: creates its {@link ClientSession} when the handshake completes, feeds it text frames as
 * protocol messages, pings every heartbeat, closes silent clients after two heartbeats, binary frames with 1003,
 * oversize messages with 1009 and text that is not UTF-8 with 1007, and removes the session and frees its client
 * slot the moment the channel closes. Bad client input becomes an {@code error} message, never an exception; every
 * text message and ping frame first passes the client's message rate limit ({@link ClientSession#admitMessage(long)}).
 * One instance per channel, added by {@link AdmissionHandler} at the handshake; runs on its event loop.
 *
 * <p>It also does what Netty's protocol handler would, without its per-connection handlers: answers a ping frame
 * with a pong, a close frame with a close frame (then closes), and gathers a fragmented message through a
 * {@link WebSocketFrameAggregator} that it adds to its own pipeline only when a client first fragments one. For a
 * client that negotiated permessage-deflate, a compressed message (RSV1) is inflated on the loop's inflater
 * ({@link MessageInflater}), no further than {@code --max-frame-bytes} (past them: 1009, as an oversize message), and
 * its deliveries are compressed ({@link FrameCompression}).
 *
 * <p>The heartbeat is one timer per connection, which the handler itself re-arms for the earlier of the next ping and
 * the moment the client will have been silent for two heartbeats (any bytes read count as heard). With 10,000
 * connections this costs one scheduled task each, not an idle-state handler and two tasks.
 */
public final class WebSocketSessionHandler extends ChannelDuplexHandler implements Runnable {
    /** Its name in the pipeline. */
    public static final String NAME = "session";
    private static final String FRAGMENTS = "fragments";
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSessionHandler.class);

    private final ServerContext server;
    private final ChannelGroup clients;
    private List<ClientMessage> atConnect = List.of();
    /** Who the client's token speaks for; null when authentication is off. */
    private Principal principal;
    private final ConnectionSlot slot;
    private ClientSession session;
    private ChannelHandlerContext ctx;
    private long heartbeatNanos;
    private long lastHeardNanos;
    private long nextPingNanos;
    private ScheduledFuture<?> heartbeatTimer;
    private boolean closeSent;
    /** When the socket read under way began: the receive time of every message it brings (rate limit). */
    private long readStartedNanos;
    private boolean reading;
    /** What was agreed on permessage-deflate at the handshake; null: the client did not negotiate it. */
    private DeflateNegotiation.Agreement deflate;
    /** The client's LZ77 context between its compressed messages; null when it sends each alone, or none. */
    private ClientContext clientContext;

    /** Makes the session handler of a channel admitted with a client slot. */
    @FunctionalInterface
    public interface Factory {
        /** A handler for a channel holding {@code slot}, which the handler frees when the channel closes. */
        WebSocketSessionHandler create(ConnectionSlot slot);
    }

    /**
     * A handler registering its session with {@code server} (delivering by its options) and its channel in
     * {@code clients}, and freeing {@code slot} when the channel closes.
     */
    public WebSocketSessionHandler(ServerContext server, ChannelGroup clients, ConnectionSlot slot) {
        this.server = server;
        this.clients = clients;
        this.slot = slot;
    }

    /**
     * Starts the handshake timer, in the heartbeat's place: a client whose 101 answer cannot be written (it reads
     * nothing) is closed after {@code --handshake-timeout}, not left holding its client slot.
     */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        heartbeatTimer = ctx.executor().schedule(this, server.config().requestDeadlineNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Frees the client slot and stops the timer, whatever way the handler left (normally both happened when the
     * channel went inactive; a handshake refused after it was added removes it at once).
     */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        heartbeatTimer.cancel(false);
        slot.release();
    }

    /**
     * What the handshake's URL asked for (subscription, filters, a replay), applied right after the welcome as if the
     * client had sent it, before any live metric: a client that resumes at connect gets every seq once, in order.
     */
    void applyAtConnect(List<ClientMessage> messages) {
        this.atConnect = List.copyOf(messages);
    }

    /** The principal of the token the client presented at its handshake (null: authentication is off). */
    void authorize(Principal principal) {
        this.principal = principal;
    }

    /** What the handshake agreed on permessage-deflate (null: nothing), before the answer is written. */
    void compression(DeflateNegotiation.Agreement agreed) {
        this.deflate = agreed;
        this.clientContext = agreed == null ? null : agreed.newClientContext();
    }

    /** The handshake's answer was written: the client is connected. On the channel's event loop. */
    void open() {
        if (!ctx.channel().isActive()) {
            return;
        }
        heartbeatTimer.cancel(false);
        try {
            start();
        } catch (RuntimeException e) {
            LOG.warn("could not start the session of {}; closing it", ctx.channel(), e);
            ctx.close();
        }
    }

    private void start() {
        FrameCompression compressed = deflate == null ? null
                : new FrameCompression(server.config().compressionMinBytes(), server.stats());
        MetricHistory history = server.hub().history();
        session = new ClientSession(server.hub().registry().newClientId(), TransportPorts.outbound(ctx.channel(),
                compressed),
                TransportPorts.scheduler(ctx.channel().eventLoop()), server.config().delivery(), server.types(),
                server.stats(), history);
        session.limitMessages(server.config().maxClientMessagesPerSecond());
        if (principal != null) {
            // Before the session is registered: no metric reaches it beyond its token's ceilings.
            session.authorize(principal, server.access().verifier());
        }
        clients.add(ctx.channel());
        server.hub().register(session, ctx.channel().eventLoop());
        session.open(Instant.now(), server.hub().sequencer().epoch(), server.hub().sequencer().last());
        for (ClientMessage m : atConnect) {
            session.onMessage(m);
        }
        atConnect = List.of();
        if (!server.hub().sessionCurrent(history, ctx.channel().eventLoop())) {
            session.close(CloseReason.CLUSTER_EPOCH_CHANGED);
            return;
        }
        heartbeatNanos = server.config().heartbeatNanos();
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

    /**
     * The heartbeat timer: closes a client silent for two heartbeats, else pings when due, then re-arms. Before the
     * session starts it is the handshake timer.
     */
    @Override
    public void run() {
        if (session == null) {
            LOG.info("closing {}: its handshake's answer was not taken within --handshake-timeout", ctx.channel());
            server.stats().onHandshakeTimeout();
            ctx.close();
            return;
        }
        if (session.isClosed()) {
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
        reading = false;
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
                if (!text.isFinalFragment()) {
                    gatherFragments(ctx, text);
                } else if (deflate != null && (text.rsv() & ClientFrameDecoder.RSV1) != 0) {
                    onCompressedText(text);
                } else if (session.admitMessage(receivedAt())) {
                    onText(text.content());
                }
            } else if (frame instanceof PingWebSocketFrame) {
                if (session.admitMessage(receivedAt())) {
                    ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()), ctx.voidPromise());
                }
            } else if (frame instanceof CloseWebSocketFrame close) {
                // The closing handshake: echo the client's close frame, then close; if the server began it, its
                // close frame is already on the way, and the client's is the answer.
                CloseReason refusal = ClientCloseFrames.refusal(close.content());
                if (closeSent) {
                    ctx.close();
                } else if (refusal != null) {
                    clientError(ClientError.WEBSOCKET_PROTOCOL, "bad close frame, " + refusal.reason());
                    TransportPorts.close(ctx.channel(), refusal);
                } else {
                    TransportPorts.close(ctx.channel(), close.retainedDuplicate());
                }
            } else if (frame instanceof BinaryWebSocketFrame) {
                clientError(ClientError.WEBSOCKET_PROTOCOL, "it sent a binary frame");
                TransportPorts.close(ctx.channel(), CloseReason.UNSUPPORTED_DATA);
            }
            // A pong needs no answer: reading it was hearing from the client.
        } finally {
            frame.release();
        }
    }

    /** The time the socket read under way began: the clock read once per read, not once per message. */
    private long receivedAt() {
        if (!reading) {
            reading = true;
            readStartedNanos = System.nanoTime();
        }
        return readStartedNanos;
    }

    /**
     * The first fragment of a message: adds an aggregator right after the frame decoder (which already checks the
     * order of fragments) and hands it this fragment; the whole message then comes back as one text frame.
     */
    private void gatherFragments(ChannelHandlerContext ctx, TextWebSocketFrame first) {
        ChannelHandlerContext decoder = ctx.pipeline().context(WebSocketFrameDecoder.class);
        if (decoder == null || ctx.pipeline().get(FRAGMENTS) != null) {
            ctx.close();
            return;
        }
        ctx.pipeline().addAfter(decoder.name(), FRAGMENTS,
                new WebSocketFrameAggregator(server.config().maxFrameBytes()));
        decoder.fireChannelRead(first.retain());
    }

    /**
     * A compressed message: inflated with the client's context, at most {@code --max-frame-bytes} of it (a message
     * that inflates past them is refused as an oversize one is, whatever it would have grown to).
     */
    private void onCompressedText(TextWebSocketFrame frame) {
        ByteBuf message;
        try {
            message = MessageInflater.inflate(frame.content(), clientContext, server.config().maxFrameBytes());
        } catch (DataFormatException e) {
            clientError(ClientError.WEBSOCKET_PROTOCOL, "its compressed message does not inflate: " + e.getMessage());
            TransportPorts.close(ctx.channel(), CloseReason.BAD_COMPRESSED_DATA);
            return;
        }
        if (message == null) {
            tooBig(" once inflated");
            return;
        }
        // Inflated whether or not it is over the rate limit: the client's context takes in every message.
        if (session.admitMessage(receivedAt())) {
            onText(message);
        }
    }

    private void onText(ByteBuf content) {
        if (!ByteBufUtil.isText(content, CharsetUtil.UTF_8)) {
            clientError(ClientError.WEBSOCKET_PROTOCOL, "it sent text that is not UTF-8");
            TransportPorts.close(ctx.channel(), CloseReason.INVALID_TEXT);
            return;
        }
        try {
            session.onMessage(server.messages().parse(content.toString(CharsetUtil.UTF_8)));
        } catch (ProtocolException e) {
            session.onRefused(e);
        }
    }

    /** Notes a close frame the server sends (every one passes here; ready data frames do not). */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof CloseWebSocketFrame) {
            closeSent = true;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            ClientSession s = session;
            boolean writable = ctx.channel().isWritable();
            if (!writable) {
                s.onUnwritable(); // only a flag: safe inside write() and flush()
            }
            // Deferred: Netty fires this from inside write() and flush(), and the session must not be re-entered
            // while it is writing. The state is read when the task runs, so a flip-flop collapses to the latest.
            ctx.executor().execute(() -> s.onWritabilityChanged(ctx.channel().isWritable()));
            // A client that does not read what it asked for (pongs, replies) is not read from either: its
            // requests cannot pile up replies in the server's memory.
            ctx.channel().config().setAutoRead(writable);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        try {
            heartbeatTimer.cancel(false);
            if (session != null) {
                server.hub().unregister(session, ctx.channel().eventLoop());
                LOG.debug("{} disconnected", session.id());
            }
        } finally {
            // After the session is gone: the count of sessions never exceeds the slots.
            slot.release();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedWebSocketFrameException c
                && c.closeStatus() != null && c.closeStatus().code() == CloseReason.MESSAGE_TOO_BIG.code()) {
            tooBig("");
        } else if (closeSent && ConnectionErrors.kindOf(cause) == ClientError.INCOMPLETE_MESSAGE) {
            ctx.close(); // the server was closing it (slow, silent): a frame cut short then is not the client's doing
        } else {
            ConnectionErrors.close(LOG, ctx, cause, server.stats());
        }
    }

    /** Closes with 1009 a client whose message is over {@code --max-frame-bytes} ({@code how}: as sent, inflated). */
    private void tooBig(String how) {
        clientError(ClientError.MESSAGE_TOO_BIG, "message over " + server.config().maxFrameBytes() + " bytes" + how);
        TransportPorts.close(ctx.channel(), CloseReason.MESSAGE_TOO_BIG);
    }

    /** Counts and logs (in one line) what the client did wrong; the caller closes the connection. */
    private void clientError(ClientError kind, String what) {
        ConnectionErrors.report(LOG, ctx.channel(), session == null ? ctx.channel() : session.id(), kind, what,
                server.stats());
    }
}
