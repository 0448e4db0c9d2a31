package io.metricsstreamer.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's statistics at one instant, as {@code getStatistics()} and {@code GET /api/statistics} give them.
 * Immutable; serialised with snake_case names.
 *
 * @param isRunning               whether the server is accepting connections and metrics
 * @param host                    the bound host
 * @param port                    the WebSocket port
 * @param httpPort                the HTTP port
 * @param connectedClients        clients connected now
 * @param totalClientsConnected   clients connected since start
 * @param totalMessagesSent       messages sent to clients since start
 * @param totalMetricsPublished   metrics accepted for publishing since start
 * @param totalMetricsDelivered   metric deliveries (per client) since start
 * @param totalMetricsDropped     metrics lost since start (ingress overflow plus client drops)
 * @param totalSlowClientsClosed  slow consumers closed since start
 * @param totalTlsHandshakeFailures connections whose TLS handshake failed since start (0 without TLS)
 * @param tlsEngine               what encrypts TLS, {@code openssl} or {@code jdk}; null without TLS
 * @param clientErrors            connections clients broke since start, by kind (see {@link ClientError})
 * @param authFailures            refusals by authentication, authorization and origin checks since start, by kind
 *                                (see {@link AuthFailure})
 * @param uptimeSeconds           seconds since start
 * @param metricsQueueSize        metrics waiting in the ingress queue
 * @param batchSize               the batch size setting
 * @param batchTimeoutSeconds     the batch timeout setting
 * @param epoch                   the name of the server's seq stream (as in {@code welcome})
 * @param historySize             metrics retained in the history
 * @param historyBytes            what they cost against {@code --history-bytes}
 * @param earliestSeq             the seq of the oldest metric retained, null when none is
 * @param totalReplays            replays completed since start
 * @param totalMetricsReplayed    metrics sent by replays since start (also counted in the deliveries)
 * @param totalRateLimitedMessages client messages ignored over {@code --max-client-messages-per-second} since start
 * @param totalRateLimitCloses    clients closed 1008 {@code rate limited} since start
 * @param totalConnectionsRefusedPerAddress handshakes refused 429 over {@code --max-connections-per-address}
 * @param totalHandshakeTimeouts  connections closed at {@code --handshake-timeout} since start
 * @param totalLineProtocolPoints line protocol points taken by the write endpoints since start
 * @param totalLoadToolMetrics    metrics the load tools' summaries (JMeter, k6) made since start
 * @param compression             what permessage-deflate did since start
 * @param recording               what the recording ({@code --record}) did since start, or null without one
 * @param cluster                 the node's view of its cluster ({@code --redis}), or null for a server alone
 * @param clients                 every connected client
 */
public record StatisticsSnapshot(
        boolean isRunning,
        String host,
        int port,
        int httpPort,
        int connectedClients,
        long totalClientsConnected,
        long totalMessagesSent,
        long totalMetricsPublished,
        long totalMetricsDelivered,
        long totalMetricsDropped,
        long totalSlowClientsClosed,
        long totalTlsHandshakeFailures,
        String tlsEngine,
        Map<String, Long> clientErrors,
        Map<String, Long> authFailures,
        double uptimeSeconds,
        long metricsQueueSize,
        int batchSize,
        double batchTimeoutSeconds,
        String epoch,
        long historySize,
        long historyBytes,
        Long earliestSeq,
        long totalReplays,
        long totalMetricsReplayed,
        long totalRateLimitedMessages,
        long totalRateLimitCloses,
        long totalConnectionsRefusedPerAddress,
        long totalHandshakeTimeouts,
        long totalLineProtocolPoints,
        long totalLoadToolMetrics,
        CompressionSnapshot compression,
        RecordingSnapshot recording,
        ClusterSnapshot cluster,
        List<ClientSnapshot> clients) {
    /** Copies the client list and the client errors (keeping their order). */
    public StatisticsSnapshot {
        clientErrors = Collections.unmodifiableMap(new LinkedHashMap<>(clientErrors));
        authFailures = Collections.unmodifiableMap(new LinkedHashMap<>(authFailures));
        clients = List.copyOf(clients);
    }
}
