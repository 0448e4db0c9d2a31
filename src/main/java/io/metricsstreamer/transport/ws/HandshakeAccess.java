package io.metricsstreamer.transport.ws;

import io.metricsstreamer.auth.AccessPolicy;
import io.metricsstreamer.auth.InvalidTokenException;
import io.metricsstreamer.auth.Principal;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.protocol.ClientMessage;
import io.metricsstreamer.protocol.ClientMessageParser;
import io.metricsstreamer.stats.AuthFailure;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.transport.connection.HttpResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access checks of a request on the WebSocket endpoint, in this order: its {@code Origin} (403 when one is sent
 * and is not allowed), its token from {@code Authorization: Bearer} or {@code ?token=} (401 with
 * {@code WWW-Authenticate: Bearer} when missing or refused), and, once the URL's connect parameters are parsed,
 * whether they ask for metric types beyond the token's ceiling (403). Each refusal is a JSON error, counted, and
 * logged in one line without the token. Stateless; one instance per listener, on its event loops.
 */
final class HandshakeAccess {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeAccess.class);

    /** What the checks found: the client's principal, null when authentication is off. */
    record Admitted(Principal principal) {
    }

    private static final Admitted ANONYMOUS = new Admitted(null);

    private final AccessPolicy access;
    private final ServerStats stats;

    HandshakeAccess(AccessPolicy access, ServerStats stats) {
        this.access = access;
        this.stats = stats;
    }

    /**
     * The origin and token checks of {@code req}: the client's admission, or null when the request was refused and
     * answered (the connection is closed after the answer).
     */
    Admitted check(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (!access.originAllowed(origin)) {
            stats.onAuthFailure(AuthFailure.ORIGIN_FORBIDDEN);
            LOG.info("refused a WebSocket handshake from {}: origin {} is not allowed", ctx.channel().remoteAddress(),
                    origin);
            HttpResponses.error(ctx, null, HttpResponseStatus.FORBIDDEN, "origin " + origin + " is not allowed to "
                    + "connect (--allowed-origins)");
            return null;
        }
        if (!access.authEnabled()) {
            return ANONYMOUS;
        }
        try {
            List<String> inQuery = uri.parameters().get(ClientMessageParser.TOKEN_QUERY);
            return new Admitted(access.authenticate(req.headers().get(HttpHeaderNames.AUTHORIZATION),
                    inQuery == null ? List.of() : inQuery));
        } catch (InvalidTokenException e) {
            stats.onAuthFailure(AuthFailure.HANDSHAKE_UNAUTHORIZED);
            LOG.info("refused a WebSocket handshake from {}: {}", ctx.channel().remoteAddress(), e.getMessage());
            HttpResponses.unauthorized(ctx, null, e.getMessage(), e.isMissing());
            return null;
        }
    }

    /**
     * Whether the connect parameters {@code atConnect} stay within {@code admitted}'s ceiling on metric types;
     * answers 403 when they do not.
     */
    boolean allows(ChannelHandlerContext ctx, Admitted admitted, List<ClientMessage> atConnect) {
        Principal p = admitted.principal();
        if (p == null || p.metricTypes() == null) {
            return true;
        }
        for (ClientMessage m : atConnect) {
            if (m instanceof ClientMessage.Subscribe s) {
                List<String> beyond = s.types().stream().map(MetricType::name)
                        .filter(n -> !p.metricTypes().contains(n)).toList();
                if (!beyond.isEmpty()) {
                    stats.onAuthFailure(AuthFailure.HANDSHAKE_FORBIDDEN);
                    HttpResponses.error(ctx, null, HttpResponseStatus.FORBIDDEN, "your token does not allow metric "
                            + "type(s) " + beyond + " (metric_types in the URL); it allows "
                            + String.join(", ", p.metricTypes().stream().sorted().toList()));
                    return false;
                }
            }
        }
        return true;
    }
}
