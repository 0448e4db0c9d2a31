package io.metricsstreamer.transport.tls;

import io.metricsstreamer.stats.ServerStats;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the connections whose TLS handshake failed, once each, in {@link ServerStats}, and logs them: the first of
 * the server's life at info (an operator setting TLS up wants to see why a client could not connect), every later one
 * at debug, since anyone can provoke them and they must not flood the log. Thread-safe.
 */
final class HandshakeFailures {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf(HandshakeFailures.class, "counted");

    private final ServerStats stats;
    private final AtomicBoolean firstLogged = new AtomicBoolean();

    HandshakeFailures(ServerStats stats) {
        this.stats = stats;
    }

    /** Counts and logs the failed handshake of {@code channel}, {@code why} it failed, unless it was already. */
    void failed(Channel channel, String why) {
        if (channel.attr(COUNTED).setIfAbsent(Boolean.TRUE) != null) {
            return;
        }
        stats.onTlsHandshakeFailure();
        if (firstLogged.compareAndSet(false, true)) {
            LOG.info("TLS handshake failed with {}: {} (counted in total_tls_handshake_failures; further failures "
                    + "are logged at debug)", channel.remoteAddress(), why);
        } else {
            LOG.debug("TLS handshake failed with {}: {}", channel.remoteAddress(), why);
        }
    }
}
