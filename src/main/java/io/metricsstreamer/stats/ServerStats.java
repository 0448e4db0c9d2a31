package io.metricsstreamer.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/** The server-wide counters. Thread-safe; increments never block. */
public final class ServerStats {
    private final LongAdder clientsConnected = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder metricsPublished = new LongAdder();
    private final LongAdder metricsDelivered = new LongAdder();
    private final LongAdder metricsDroppedIngress = new LongAdder();
    private final LongAdder metricsDroppedClients = new LongAdder();
    private final LongAdder slowClientsClosed = new LongAdder();
    private final LongAdder tlsHandshakeFailures = new LongAdder();
    private final LongAdder protocolErrors = new LongAdder();
    private final LongAdder replays = new LongAdder();
    private final LongAdder replaysUnrecovered = new LongAdder();
    private final LongAdder metricsReplayed = new LongAdder();
    private final LongAdder rateLimitedMessages = new LongAdder();
    private final LongAdder rateLimitCloses = new LongAdder();
    private final LongAdder refusedPerAddress = new LongAdder();
    private final LongAdder handshakeTimeouts = new LongAdder();
    private final LongAdder lineProtocolPoints = new LongAdder();
    private final LongAdder loadToolMetrics = new LongAdder();
    private final LongAdder metricsRecorded = new LongAdder();
    private final LongAdder recordingDropped = new LongAdder();
    private final LongAdder framesCompressed = new LongAdder();
    private final LongAdder compressionBytesIn = new LongAdder();
    private final LongAdder compressionBytesOut = new LongAdder();
    private final LongAdder compressedFramesSent = new LongAdder();
    private final LongAdder compressionsRepeated = new LongAdder();
    private final LongAdder[] clientErrors = new LongAdder[ClientError.values().length];
    private final LongAdder[] authFailures = new LongAdder[AuthFailure.values().length];
    /** Where sampled delivery latencies go (the Prometheus exporter's histogram); nowhere until one is set. */
    private volatile LongConsumer deliveryLatency = nanos -> { };

    /** Counters at zero. */
    public ServerStats() {
        for (int i = 0; i < clientErrors.length; i++) {
            clientErrors[i] = new LongAdder();
        }
        for (int i = 0; i < authFailures.length; i++) {
            authFailures[i] = new LongAdder();
        }
    }

    /**
     * A delivery frame was written to a client's socket {@code nanos} after the server accepted its oldest metric
     * (sampled: each client at most once a second). Any loop thread.
     */
    public void onDeliveryLatency(long nanos) {
        deliveryLatency.accept(nanos);
    }

    /** Sends the sampled delivery latencies, in nanoseconds, to {@code sink} from now on (thread-safe). */
    public void deliveryLatencyTo(LongConsumer sink) {
        deliveryLatency = sink;
    }

    /** A client finished its handshake. */
    public void onClientConnected() {
        clientsConnected.increment();
    }

    /** Messages (control replies or deliveries) written to clients. */
    public void onMessagesSent(long n) {
        messagesSent.add(n);
    }

    /** Metrics accepted for publishing. */
    public void onMetricsPublished(long n) {
        metricsPublished.add(n);
    }

    /** Metrics delivered to clients (one per client per metric). */
    public void onMetricsDelivered(long n) {
        metricsDelivered.add(n);
    }

    /** Metrics refused because the ingress queue was full. */
    public void onIngressDropped(long n) {
        metricsDroppedIngress.add(n);
    }

    /** Pending metrics a client lost (its list overflowed). */
    public void onClientDropped(long n) {
        metricsDroppedClients.add(n);
    }

    /** A slow consumer was closed with 1008. */
    public void onSlowClientClosed() {
        slowClientsClosed.increment();
    }

    /**
     * A connection to a TLS port failed its handshake: the client refused the certificate, had no protocol or
     * cipher in common, sent plaintext, or left or stalled mid-handshake. Any loop thread.
     */
    public void onTlsHandshakeFailure() {
        tlsHandshakeFailures.increment();
    }

    /** Connections whose TLS handshake failed since start. */
    public long totalTlsHandshakeFailures() {
        return tlsHandshakeFailures.sum();
    }

    /** A replay ended: it sent {@code metrics} metrics, and had them all when {@code recovered}. Any loop thread. */
    public void onReplayCompleted(long metrics, boolean recovered) {
        replays.increment();
        metricsReplayed.add(metrics);
        if (!recovered) {
            replaysUnrecovered.increment();
        }
    }

    /** Replays completed since start. */
    public long totalReplays() {
        return replays.sum();
    }

    /** Replays completed since start that answered {@code recovered: false}. */
    public long totalReplaysUnrecovered() {
        return replaysUnrecovered.sum();
    }

    /** Metrics sent by replays since start (also counted as delivered). */
    public long totalMetricsReplayed() {
        return metricsReplayed.sum();
    }

    /**
     * A delivery frame of {@code bytesIn} bytes was compressed for the clients that negotiated compression, to
     * {@code bytesOut} bytes ({@code bytesIn} when it is sent plain, compressed being no smaller). Any loop thread.
     */
    public void onFrameCompressed(long bytesIn, long bytesOut) {
        framesCompressed.increment();
        compressionBytesIn.add(bytesIn);
        compressionBytesOut.add(bytesOut);
    }

    /**
     * A loop compressed a frame again, for its own clients, because the loop compressing it for everyone was late
     * (its thread off its core). Any loop thread.
     */
    public void onCompressionRepeated() {
        compressionsRepeated.increment();
    }

    /** Compressions repeated since start because the loop compressing a frame was late: a sign of CPU starvation. */
    public long totalCompressionsRepeated() {
        return compressionsRepeated.sum();
    }

    /** {@code n} compressed frames were written to a client (each client's copy counts). Any loop thread. */
    public void onCompressedFramesSent(long n) {
        compressedFramesSent.add(n);
    }

    /** Delivery frames compressed since start: each distinct frame once, however many clients received it. */
    public long totalFramesCompressed() {
        return framesCompressed.sum();
    }

    /** Payload bytes of the frames compressed since start. */
    public long totalCompressionBytesIn() {
        return compressionBytesIn.sum();
    }

    /** What those frames compressed to, in bytes (a frame sent plain, being no smaller compressed, counts whole). */
    public long totalCompressionBytesOut() {
        return compressionBytesOut.sum();
    }

    /** Compressed frames written to clients since start, each client's copy counted. */
    public long totalCompressedFramesSent() {
        return compressedFramesSent.sum();
    }

    /** A client message was refused with an {@code error}. */
    public void onProtocolError() {
        protocolErrors.increment();
    }

    /** A client message was ignored: the client was over {@code --max-client-messages-per-second}. */
    public void onRateLimited() {
        rateLimitedMessages.increment();
    }

    /** A client was closed 1008 {@code rate limited}. */
    public void onRateLimitClosed() {
        rateLimitCloses.increment();
    }

    /** A handshake was refused 429: its address held {@code --max-connections-per-address} connections. */
    public void onRefusedPerAddress() {
        refusedPerAddress.increment();
    }

    /** A connection was closed because a request or handshake did not arrive within {@code --handshake-timeout}. */
    public void onHandshakeTimeout() {
        handshakeTimeouts.increment();
    }

    /** Client messages ignored over the message rate limit since start. */
    public long totalRateLimitedMessages() {
        return rateLimitedMessages.sum();
    }

    /** Clients closed for keeping over the message rate limit since start. */
    public long totalRateLimitCloses() {
        return rateLimitCloses.sum();
    }

    /** Handshakes refused for the connections their address held, since start. */
    public long totalConnectionsRefusedPerAddress() {
        return refusedPerAddress.sum();
    }

    /** Connections closed at the request deadline since start. */
    public long totalHandshakeTimeouts() {
        return handshakeTimeouts.sum();
    }

    /** A line protocol write of {@code points} points was taken. */
    public void onLineProtocolPoints(int points) {
        lineProtocolPoints.add(points);
    }

    /** Line protocol points taken since start: published, summarised for the dashboard, or a load tool's own. */
    public long totalLineProtocolPoints() {
        return lineProtocolPoints.sum();
    }

    /** The load tools' summaries made {@code metrics} metrics (offered for publishing). */
    public void onLoadToolMetrics(int metrics) {
        loadToolMetrics.add(metrics);
    }

    /** Metrics the load tools' summaries made since start. */
    public long totalLoadToolMetrics() {
        return loadToolMetrics.sum();
    }

    /** The recording ({@code --record}) wrote {@code n} metrics to its file. Its writer thread. */
    public void onMetricsRecorded(long n) {
        metricsRecorded.add(n);
    }

    /** Metrics written to the recording since start. */
    public long totalMetricsRecorded() {
        return metricsRecorded.sum();
    }

    /** The recording lost {@code n} published metrics: its queue was full, or its file failed. Any thread. */
    public void onRecordingDropped(long n) {
        recordingDropped.add(n);
    }

    /** Published metrics the recording lost since start (they were delivered; only the file lacks them). */
    public long totalRecordingDropped() {
        return recordingDropped.sum();
    }

    /** A client did {@code kind} of wrong to its connection (and was closed, or had already gone). */
    public void onClientError(ClientError kind) {
        clientErrors[kind.ordinal()].increment();
    }

    /** A request or message was refused by authentication, authorization or the origin check. Any thread. */
    public void onAuthFailure(AuthFailure kind) {
        authFailures[kind.ordinal()].increment();
    }

    /** Refusals of {@code kind} since start. */
    public long totalAuthFailures(AuthFailure kind) {
        return authFailures[kind.ordinal()].sum();
    }

    /** Refusals since start by kind, every kind named (in catalogue order) with its wire name. */
    public Map<String, Long> authFailures() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (AuthFailure kind : AuthFailure.values()) {
            out.put(kind.wire(), totalAuthFailures(kind));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Clients that completed a handshake since start. */
    public long totalClientsConnected() {
        return clientsConnected.sum();
    }

    /** Messages sent to clients since start. */
    public long totalMessagesSent() {
        return messagesSent.sum();
    }

    /** Metrics accepted for publishing since start. */
    public long totalMetricsPublished() {
        return metricsPublished.sum();
    }

    /** Metric deliveries (per client) since start. */
    public long totalMetricsDelivered() {
        return metricsDelivered.sum();
    }

    /** Metrics lost anywhere: refused at ingress plus dropped from clients' pending lists. */
    public long totalMetricsDropped() {
        return metricsDroppedIngress.sum() + metricsDroppedClients.sum();
    }

    /** Metrics refused at ingress since start. */
    public long totalIngressDropped() {
        return metricsDroppedIngress.sum();
    }

    /** Metrics dropped from clients' pending lists since start. */
    public long totalClientDropped() {
        return metricsDroppedClients.sum();
    }

    /** Slow consumers closed since start. */
    public long totalSlowClientsClosed() {
        return slowClientsClosed.sum();
    }

    /** Client messages refused since start. */
    public long totalProtocolErrors() {
        return protocolErrors.sum();
    }

    /** Client errors of {@code kind} since start. */
    public long totalClientErrors(ClientError kind) {
        return clientErrors[kind.ordinal()].sum();
    }

    /** Client errors since start by kind, every kind named (in catalogue order) with its wire name. */
    public Map<String, Long> clientErrors() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (ClientError kind : ClientError.values()) {
            out.put(kind.wire(), totalClientErrors(kind));
        }
        return Collections.unmodifiableMap(out);
    }
}
