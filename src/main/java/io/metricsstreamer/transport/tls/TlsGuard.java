package io.metricsstreamer.transport.tls;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Right after the {@code SslHandler}: a failed handshake is counted and logged by {@link HandshakeFailures} (unless
 * the client never sent a byte: a port probe, not a TLS client) and the connection closed; TLS errors (the failed
 * handshake's own exception, or a bad record later) end there, closed and logged at debug, instead of reaching the
 * handlers after it, which would take them for faults of the server. Everything else passes. Stateless, shared by
 * every connection of a server; on each channel's event loop.
 */
@ChannelHandler.Sharable
final class TlsGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    private final HandshakeFailures failures;

    TlsGuard(HandshakeFailures failures) {
        this.failures = failures;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            handshakeFailed(ctx, done.cause());
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        SSLException tls = tlsCause(cause);
        if (tls == null) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null || !ssl.handshakeFuture().isSuccess()) {
            handshakeFailed(ctx, tls);
        } else {
            LOG.debug("closing {}: TLS error: {}", ctx.channel(), tls.getMessage());
        }
        ctx.close();
    }

    private void handshakeFailed(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.pipeline().get(PlaintextRefusal.class) != null) {
            // Nothing arrived (or plaintext did, and was counted as such): a probe that connected and left.
            LOG.debug("closing {}: no TLS handshake ({})", ctx.channel(), cause.toString());
            return;
        }
        failures.failed(ctx.channel(), describe(cause));
    }

    /** The SSLException {@code cause} is or wraps (a decoder wraps what the engine throws), or null. */
    static SSLException tlsCause(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException e) {
                return e;
            }
        }
        return null;
    }

    /**
     * Why a handshake failed, in words an operator can act on, from the exception of either engine: the JDK's words
     * ({@code Received fatal alert: unknown_ca}) or BoringSSL's reason codes ({@code ...:TLSV1_ALERT_UNKNOWN_CA}).
     */
    static String describe(Throwable cause) {
        SSLException tls = tlsCause(cause);
        Throwable t = tls != null ? tls : cause;
        String message = String.valueOf(t.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("certificate_unknown") || lower.contains("bad_certificate")
                || lower.contains("unknown_ca")) {
            return message + " (the client does not trust the server's certificate)";
        }
        if (lower.contains("aead cipher fragment (2)")) {
            // A 2-byte record where TLS 1.3 expects encrypted ones: an alert sent in plaintext, which is how curl and
            // openssl end a TLS 1.3 handshake whose certificate they refuse.
            return "the client aborted the handshake with an alert (most often: it does not trust the server's "
                    + "certificate)";
        }
        if (lower.contains("bad_packet_length")) {
            // BoringSSL's word for that same plaintext alert.
            return message + " (most often: the client aborted the handshake with an alert, as a client that does "
                    + "not trust the server's certificate does)";
        }
        if (lower.contains("protocol_version") || lower.contains("no appropriate protocol")
                || lower.contains("is not enabled or supported") || lower.contains("unsupported_protocol")
                || lower.contains("cipher suites in common") || lower.contains("no_shared_cipher")
                || lower.contains("wrong_curve") || lower.contains("handshake_failure")) {
            return message + " (no TLS version or cipher suite in common; the server offers TLS 1.3 and 1.2)";
        }
        if (t instanceof ClosedChannelException || lower.contains("closed")) {
            return "the client closed the connection during the handshake (a client that does not trust the "
                    + "certificate may just leave)";
        }
        return message;
    }
}
