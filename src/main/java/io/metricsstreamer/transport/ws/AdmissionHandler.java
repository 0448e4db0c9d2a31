package io.metricsstreamer.transport.ws;

import io.metricsstreamer.auth.AccessPolicy;
import io.metricsstreamer.hub.ClientRegistry;
import io.metricsstreamer.hub.ConnectionSlot;
import io.metricsstreamer.limits.ConnectionsPerAddress;
import io.metricsstreamer.protocol.ClientMessage;
import io.metricsstreamer.protocol.ClientMessageParser;
import io.metricsstreamer.protocol.ProtocolException;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.transport.compression.DeflateNegotiation;
import io.metricsstreamer.transport.connection.ConnectionErrors;
import io.metricsstreamer.transport.connection.HttpResponses;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one admission step of every WebSocket handshake: checks the page's {@code Origin} (403) and the client's token
 * (401, and 403 for connect parameters beyond its ceilings) with {@link HandshakeAccess}, reserves a connection slot
 * before the upgrade, answers 429 when the client's address already holds {@code --max-connections-per-address}
 * WebSocket connections (its slot of the address is freed when the channel closes) and 503 when {@code --max-clients}
 * are connected, performs the handshake with Netty's {@link WebSocketServerHandshaker}, and hands the channel to a new
 * {@link WebSocketSessionHandler}, which frees the slot when the channel closes. A handshake refused (wrong method, a
 * version other than 13, a missing or malformed {@code Sec-WebSocket-Key}) frees its slot at once. A request on the
 * endpoint's path without {@code Upgrade: websocket} (a browser or curl opening the URL) is answered 426 Upgrade
 * Required, with {@code Upgrade: websocket} and a JSON error saying what the path is. Requests for other paths pass
 * through untouched. The URL's query may set the subscription and filters and ask for a replay at connect ({@link
 * ClientMessageParser#connectQuery}); an invalid one is answered 400 naming the problem, and other query parameters are
 * ignored ({@code token} is the admission's). With authentication on, a plain request on the path is checked for its
 * origin and token too, so that a page whose WebSocket failed can learn why (401 and its reason) where a browser shows
 * none. With compression on, a client offering permessage-deflate gets it ({@link DeflateNegotiation}: the answer's
 * {@code Sec-WebSocket-Extensions}, a frame decoder that lets RSV1 through); an offer the server cannot honour is
 * answered without the extension. It also closes an HTTP connection that its idle handler reports idle, or that fails.
 *
 * <p>Once upgraded, a connection's pipeline holds only the WebSocket frame decoder and encoder and the session
 * handler (and the session's pass-through context for ready frames): no protocol handler, handshaker or frame
 * aggregator per connection. One instance serves every channel of a listener; runs on their event loops.
 */
@ChannelHandler.Sharable
public final class AdmissionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionHandler.class);
    private static final String VERSION_13 = WebSocketVersion.V13.toHttpHeaderValue();
    /** The error of a plain HTTP request (no {@code Upgrade: websocket}) on the endpoint's path, answered 426. */
    static final String NOT_UPGRADED =
            "this is a WebSocket endpoint: connect with a WebSocket client (Upgrade: websocket)";

    /** The error of a handshake whose {@code Sec-WebSocket-Key} is missing or not a nonce, answered 400. */
    static final String INVALID_KEY = "not a WebSocket handshake: Sec-WebSocket-Key must be 16 bytes in base64 "
            + "(24 characters; RFC 6455, 4.1)";
    private static final int KEY_CHARS = 24;
    private static final int KEY_BYTES = 16;

    private final ClientRegistry registry;
    private final ClientMessageParser messages;
    private final ServerStats stats;
    private final ConnectionsPerAddress perAddress;
    private final String path;
    private final WebSocketDecoderConfig decoder;
    /** The decoder of a client that negotiated compression: reserved bits reach the extension's checks. */
    private final WebSocketDecoderConfig deflateDecoder;
    private final boolean compression;
    private final WebSocketSessionHandler.Factory sessions;
    private final String[] httpOnlyHandlers;
    private final HandshakeAccess access;

    /**
     * Admits upgrades to {@code path} against {@code registry}, {@code perAddress} and {@code access}, decoding
     * frames by {@code decoder} and negotiating permessage-deflate when {@code compression}; each admitted channel
     * gets a session handler from {@code sessions}, and loses {@code httpOnlyHandlers} (by name). Client errors of
     * HTTP connections are counted in {@code stats}.
     */
    public AdmissionHandler(ClientRegistry registry, ClientMessageParser messages, ServerStats stats,
            ConnectionsPerAddress perAddress, AccessPolicy access, String path, WebSocketDecoderConfig decoder,
            boolean compression, WebSocketSessionHandler.Factory sessions, String... httpOnlyHandlers) {
        this.access = new HandshakeAccess(access, stats);
        this.registry = registry;
        this.messages = messages;
        this.stats = stats;
        this.perAddress = perAddress;
        this.path = path;
        this.decoder = decoder;
        this.deflateDecoder = decoder.toBuilder().allowExtensions(true).build();
        this.compression = compression;
        this.sessions = sessions;
        this.httpOnlyHandlers = httpOnlyHandlers.clone();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // A request that did not decode goes on, to be answered as on any path (400, or 431 for headers over the
        // codec's limit), even if the headers it kept ask for an upgrade: what they said past the failure is lost.
        if (msg instanceof FullHttpRequest req && req.decoderResult().isSuccess()
                && path.equals(new QueryStringDecoder(req.uri()).path())) {
            try {
                if (req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
                    upgrade(ctx, req);
                } else if (access.check(ctx, req, new QueryStringDecoder(req.uri())) != null) {
                    HttpResponses.upgradeRequired(ctx, req, HttpHeaderValues.WEBSOCKET.toString(), NOT_UPGRADED);
                }
            } finally {
                req.release();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!HttpMethod.GET.equals(req.method())) {
            HttpResponses.methodNotAllowed(ctx, req, "GET");
            return;
        }
        DeflateNegotiation.Agreement deflate = compression
                ? DeflateNegotiation.negotiate(req.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS)) : null;
        WebSocketServerHandshaker handshaker = handshaker(ctx, req, deflate);
        if (handshaker == null) {
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        HandshakeAccess.Admitted admitted = access.check(ctx, req, uri);
        if (admitted == null) {
            return;
        }
        List<ClientMessage> atConnect;
        try {
            atConnect = messages.connectQuery(uri.parameters());
        } catch (ProtocolException e) {
            HttpResponses.error(ctx, null, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        if (!access.allows(ctx, admitted, atConnect)) {
            return;
        }
        ConnectionsPerAddress.Slot fromAddress = perAddress.tryAcquire(ctx.channel().remoteAddress());
        if (fromAddress == null) {
            refuseAddress(ctx);
            return;
        }
        ConnectionSlot slot = registry.tryReserve();
        if (slot == null) {
            fromAddress.release();
            HttpResponses.error(ctx, null, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "server is at its client limit; try again later");
            return;
        }
        ctx.channel().closeFuture().addListener(closed -> fromAddress.release());
        ChannelPipeline p = ctx.pipeline();
        WebSocketSessionHandler session = sessions.create(slot);
        session.applyAtConnect(atConnect);
        session.authorize(admitted.principal());
        session.compression(deflate);
        p.addLast(WebSocketSessionHandler.NAME, session);
        if (!handshake(ctx, req, handshaker, session, deflate)) {
            slot.release();
            fromAddress.release();
            return;
        }
        for (String name : httpOnlyHandlers) {
            if (p.get(name) != null) {
                p.remove(name);
            }
        }
        p.remove(this);
    }

    /**
     * The handshaker of an RFC 6455 request; null, with the refusal answered, for another version (426) or a key that
     * is not one (400).
     */
    private WebSocketServerHandshaker handshaker(ChannelHandlerContext ctx, FullHttpRequest req,
                                                 DeflateNegotiation.Agreement deflate) {
        // RFC 6455 only: Netty's factory would also answer the drafts (version 00 when the header is missing), whose
        // framing this server's shared frames do not speak. The URL is only echoed by those drafts.
        if (!VERSION_13.equals(req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return null;
        }
        if (!isValidKey(req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY))) {
            HttpResponses.error(ctx, null, HttpResponseStatus.BAD_REQUEST, INVALID_KEY);
            return null;
        }
        return new ClientFrameDecoder.Handshaker(path, deflate != null ? deflateDecoder : decoder, deflate != null);
    }

    /**
     * Answers the handshake (with the permessage-deflate agreed, if any); the session opens once the answer is
     * written. False, with the session removed and a 400 answered, when the handshaker refused the request before
     * writing anything (e.g. no Sec-WebSocket-Key).
     */
    private static boolean handshake(ChannelHandlerContext ctx, FullHttpRequest req,
                                     WebSocketServerHandshaker handshaker, WebSocketSessionHandler session,
                                     DeflateNegotiation.Agreement deflate) {
        try {
            HttpHeaders answer = deflate == null ? null
                    : new DefaultHttpHeaders().set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, deflate.response());
            handshaker.handshake(ctx.channel(), req, answer, ctx.channel().newPromise()).addListener(done -> {
                if (done.isSuccess()) {
                    session.open();
                } else {
                    LOG.debug("handshake answer not written on {}: {}", ctx.channel(), done.cause().toString());
                    ctx.channel().close();
                }
            });
            return true;
        } catch (RuntimeException e) {
            ctx.pipeline().remove(session);
            HttpResponses.error(ctx, null, HttpResponseStatus.BAD_REQUEST, e instanceof WebSocketHandshakeException
                    ? e.getMessage() : "invalid WebSocket handshake");
            return false;
        }
    }

    /**
     * Whether {@code key} is what RFC 6455 (4.2.1) requires of a client's {@code Sec-WebSocket-Key}: 16 bytes in
     * base64. A client that sends anything else is not a WebSocket client of that RFC, whose framing is the only
     * one served; Netty's handshaker itself only checks that the header exists.
     */
    static boolean isValidKey(String key) {
        if (key == null || key.length() != KEY_CHARS) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == KEY_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Answers 429: the client's address holds {@code --max-connections-per-address} WebSocket connections. */
    private void refuseAddress(ChannelHandlerContext ctx) {
        stats.onRefusedPerAddress();
        LOG.debug("refusing {}: its address holds {} connections", ctx.channel(), perAddress.limit());
        HttpResponses.error(ctx, null, HttpResponseStatus.TOO_MANY_REQUESTS, "too many connections from this "
                + "address: at most " + perAddress.limit() + " at once (--max-connections-per-address); close one "
                + "first");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            LOG.debug("closing idle HTTP connection {}", ctx.channel());
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    /** An HTTP connection that fails (a reset, a client leaving mid-request) is closed: {@link ConnectionErrors}. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionErrors.close(LOG, ctx, cause, stats);
    }
}
