package io.metricsstreamer.transport.connection;

import io.metricsstreamer.delivery.DeliveryConfig;
import java.util.Objects;

/**
 * The options the transport runs with. The composition root ({@code RealTimeMetricsStreamer}) builds it from the
 * server's options, so the transport never depends on the public API that starts it. Immutable.
 *
 * @param host           address both listeners bind
 * @param wsPort         WebSocket port (0: ephemeral)
 * @param httpPort       HTTP port (0: ephemeral)
 * @param heartbeatNanos interval of WebSocket pings; a client silent for two of them is closed
 * @param requestDeadlineNanos how long a connection may take over each HTTP request or WebSocket handshake, from
 *                       its first byte (from the accept for a connection's first request) to the last byte of its
 *                       body ({@code --handshake-timeout})
 * @param maxFrameBytes  largest client message; a larger one closes the connection with 1009
 * @param delivery       the delivery settings of every client session; its slow-client mark is also each
 *                       connection's write-buffer high mark
 * @param maxClientMessagesPerSecond messages a WebSocket client may send a second
 *                       ({@code --max-client-messages-per-second})
 * @param maxConnectionsPerAddress WebSocket connections one remote address may hold
 *                       ({@code --max-connections-per-address})
 * @param tls            the TLS both listeners serve, or {@link TlsSettings#OFF}
 * @param compression    whether permessage-deflate is negotiated with clients that offer it
 * @param compressionMinBytes smallest delivery frame sent compressed to those clients
 */
public record TransportConfig(String host, int wsPort, int httpPort, long heartbeatNanos,
                              long requestDeadlineNanos, int maxFrameBytes, DeliveryConfig delivery,
                              int maxClientMessagesPerSecond, int maxConnectionsPerAddress, TlsSettings tls,
                              boolean compression, int compressionMinBytes) {
    /** Checks that nothing is missing (the values were validated with the server's options). */
    public TransportConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(tls, "tls");
    }
}
