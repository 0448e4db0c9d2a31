package io.metricsstreamer.transport.http;

import io.metricsstreamer.auth.AccessPolicy;
import io.metricsstreamer.auth.InvalidTokenException;
import io.metricsstreamer.auth.Permission;
import io.metricsstreamer.auth.Principal;
import io.metricsstreamer.stats.AuthFailure;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.transport.connection.HttpResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token check of the HTTP API, one function for every protected endpoint: with authentication on, a request
 * needs {@code Authorization: Bearer TOKEN} with a valid token (else 401 with {@code WWW-Authenticate: Bearer}) whose
 * claim grants the endpoint's {@link Permission} (else 403, {@code insufficient_scope}). The URL's {@code token}
 * parameter is not read here: URLs end up in proxies' and browsers' histories, and only a browser's WebSocket needs
 * it. Refusals are counted and answered with a JSON error. Stateless and thread-safe.
 */
public final class HttpAccess {
    private static final Logger LOG = LoggerFactory.getLogger(HttpAccess.class);

    private final AccessPolicy access;
    private final ServerStats stats;

    /** Checks tokens by {@code access}, counting refusals in {@code stats}. */
    public HttpAccess(AccessPolicy access, ServerStats stats) {
        this.access = access;
        this.stats = stats;
    }

    /**
     * Whether {@code req} may use an endpoint that needs {@code permission}: true with authentication off or a valid
     * token granting it; otherwise the request is answered (401 or 403) and false returned.
     */
    public boolean permits(ChannelHandlerContext ctx, FullHttpRequest req, Permission permission) {
        return permits(ctx, req, permission, req.headers().get(HttpHeaderNames.AUTHORIZATION));
    }

    /**
     * As {@link #permits(ChannelHandlerContext, FullHttpRequest, Permission)} for the line protocol write endpoints,
     * which also take the token the way InfluxDB's clients send one: {@code Authorization: Token TOKEN} (InfluxDB 2,
     * JMeter's listener), as the password of {@code Authorization: Basic} or of the URL's {@code p} parameter
     * (InfluxDB 1: k6, Telegraf); the user name is not read.
     */
    public boolean permitsInfluxWrite(ChannelHandlerContext ctx, FullHttpRequest req, List<String> passwords) {
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        String bearer = InfluxCredentials.bearer(authorization, passwords);
        return permits(ctx, req, Permission.PUBLISH, bearer != null ? bearer : authorization);
    }

    private boolean permits(ChannelHandlerContext ctx, FullHttpRequest req, Permission permission,
                            String authorization) {
        if (!access.authEnabled()) {
            return true;
        }
        Principal principal;
        try {
            principal = access.authenticate(authorization, null);
        } catch (InvalidTokenException e) {
            stats.onAuthFailure(AuthFailure.HTTP_UNAUTHORIZED);
            LOG.debug("refused {} from {}: {}", req.method(), ctx.channel().remoteAddress(), e.getMessage());
            HttpResponses.unauthorized(ctx, req, e.getMessage(), e.isMissing());
            return false;
        }
        if (!principal.has(permission)) {
            stats.onAuthFailure(AuthFailure.HTTP_FORBIDDEN);
            LOG.debug("refused {} from {} (user {}): no {} claim", req.method(), ctx.channel().remoteAddress(),
                    principal.subject(), permission.claim());
            HttpResponses.forbidden(ctx, req, "the token does not grant " + permission.claim() + ": this needs a "
                    + "token whose " + permission.claim() + " claim is true", true);
            return false;
        }
        return true;
    }
}
