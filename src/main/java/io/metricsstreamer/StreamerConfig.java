package io.metricsstreamer;

import io.metricsstreamer.auth.AuthConfig;
import io.metricsstreamer.cluster.RedisUrl;
import io.metricsstreamer.delivery.DeliveryConfig;
import io.metricsstreamer.history.HistoryLimits;
import io.metricsstreamer.ingest.InfluxConfig;
import io.metricsstreamer.ingest.LoadToolRules;
import io.metricsstreamer.limits.MessageRateLimiter;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.transport.connection.TlsEngine;
import java.nio.file.Path;
import java.util.List;

/**
 * Every option of the server, immutable, with the defaults of the contract as named constants. Shared by the CLI,
 * the Java API and tests. The compact constructor validates, with messages that name the option.
 *
 * @param host                 address to bind
 * @param port                 WebSocket port (0: ephemeral)
 * @param httpPort             dashboard and HTTP API port (0: ephemeral)
 * @param batchSize            pending metrics that trigger a flush
 * @param batchTimeoutSeconds  longest wait of the oldest pending metric
 * @param heartbeatSeconds     interval of WebSocket pings; silent clients are closed after two
 * @param maxClients           connections admitted at once; more are refused with 503
 * @param maxFrameBytes        largest client message; larger closes with 1009
 * @param maxPending           bound of each client's pending list
 * @param maxPendingBytes      bound of each client's pending list in envelope bytes
 * @param slowClientBytes      unsent bytes over which a client receives no new frames
 * @param slowClientSeconds    how long a client may stay over that mark before it is closed 1008
 * @param extraMetricTypes     metric types registered on top of the built-ins
 * @param ingressCapacity      metrics the ingress queue holds; past it publishing is refused and counted
 * @param maxLagSeconds        how far behind fan-out may fall; past it publishing is refused and counted
 * @param handshakeTimeoutSeconds how long a connection may take over each HTTP request or WebSocket handshake
 *                             (from its first byte, or from the accept for a connection's first request, to the
 *                             last byte of its body); past it the connection is answered 408 if nothing was
 *                             answered yet, and closed
 * @param historySize          metrics the history keeps for replays (0: history off)
 * @param historySeconds       how long the history keeps a metric
 * @param historyBytes         what the history's metrics may cost in memory (their encoded bytes plus a fixed
 *                             overhead each)
 * @param maxClientMessagesPerSecond messages a client may send a second (a bucket of that many, refilled at that
 *                             rate); past it a message is ignored and answered {@code rate_limited}, and a client
 *                             over it for 5 s is closed 1008
 * @param maxConnectionsPerAddress WebSocket connections one remote address may hold; more are refused with 429
 * @param tlsCert              PEM certificate chain (the server's first) both listeners serve over TLS, or null
 * @param tlsKey               PEM private key of that certificate (PKCS#8, PKCS#1 or SEC1 EC), or null
 * @param tlsSelfSigned        serve both listeners over TLS with a throwaway certificate made at start
 * @param tlsEngine            which implementation of TLS encrypts (auto: OpenSSL when it loads, else the JDK's)
 * @param auth                 authentication, authorization and origins ({@link AuthConfig#NONE}: off, any origin)
 * @param compression          permessage-deflate with clients that offer it
 * @param compressionMinBytes  smallest delivery frame sent compressed
 * @param influx               the line protocol endpoints' mapping ({@link InfluxConfig#DEFAULTS})
 * @param redis                the Redis that the nodes of a cluster share,
 *                             {@code redis://[:PASSWORD@]HOST:PORT[/DB]}; null: no cluster, this server alone
 * @param record               a file every metric this server's publishers publish is appended to (gzip, one JSON
 *                             object per line: docs/PROTOCOL.md, "Recordings"), or null: no recording
 */
public record StreamerConfig(
        String host,
        int port,
        int httpPort,
        int batchSize,
        double batchTimeoutSeconds,
        double heartbeatSeconds,
        int maxClients,
        int maxFrameBytes,
        int maxPending,
        long maxPendingBytes,
        long slowClientBytes,
        double slowClientSeconds,
        List<String> extraMetricTypes,
        int ingressCapacity,
        double maxLagSeconds,
        double handshakeTimeoutSeconds,
        int historySize,
        double historySeconds,
        long historyBytes,
        int maxClientMessagesPerSecond,
        int maxConnectionsPerAddress,
        Path tlsCert,
        Path tlsKey,
        boolean tlsSelfSigned,
        TlsEngine tlsEngine,
        AuthConfig auth,
        boolean compression,
        int compressionMinBytes,
        InfluxConfig influx,
        String redis,
        Path record) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8765;
    public static final int DEFAULT_HTTP_PORT = 5000;
    public static final int DEFAULT_BATCH_SIZE = 10;
    public static final double DEFAULT_BATCH_TIMEOUT_SECONDS = 0.5;
    public static final double DEFAULT_HEARTBEAT_SECONDS = 30;
    public static final int DEFAULT_MAX_CLIENTS = 10_000;
    public static final int DEFAULT_MAX_FRAME_BYTES = 65_536;
    public static final int DEFAULT_MAX_PENDING = 10_000;
    public static final long DEFAULT_MAX_PENDING_BYTES = DeliveryConfig.DEFAULT_MAX_PENDING_BYTES;
    public static final long DEFAULT_SLOW_CLIENT_BYTES = DeliveryConfig.DEFAULT_SLOW_CLIENT_BYTES;
    public static final double DEFAULT_SLOW_CLIENT_SECONDS = 10;
    public static final int DEFAULT_INGRESS_CAPACITY = 65_536;
    public static final double DEFAULT_MAX_LAG_SECONDS = 1;
    public static final double DEFAULT_HANDSHAKE_TIMEOUT_SECONDS = 10;
    public static final int DEFAULT_HISTORY_SIZE = 100_000;
    public static final double DEFAULT_HISTORY_SECONDS = 600;
    public static final long DEFAULT_HISTORY_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_MAX_CLIENT_MESSAGES_PER_SECOND = 50;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 1000;
    public static final TlsEngine DEFAULT_TLS_ENGINE = TlsEngine.AUTO;
    public static final boolean DEFAULT_COMPRESSION = true;
    public static final int DEFAULT_COMPRESSION_MIN_BYTES = 256;
    /** Largest {@code --history-size}: its ring of slots is sized to it. */
    public static final int MAX_HISTORY_SIZE = 100_000_000;

    /** Validates every option. */
    public StreamerConfig {
        require(host != null && !host.isBlank(), "--host must not be empty");
        require(port >= 0 && port <= 65_535, "--port must be 0..65535, was " + port);
        require(httpPort >= 0 && httpPort <= 65_535, "--http-port must be 0..65535, was " + httpPort);
        require(batchSize >= 1, "--batch-size must be at least 1, was " + batchSize);
        require(batchTimeoutSeconds >= 0 && batchTimeoutSeconds <= 3600,
                "--batch-timeout must be 0..3600 seconds, was " + batchTimeoutSeconds);
        require(heartbeatSeconds > 0 && heartbeatSeconds <= 3600,
                "--heartbeat must be more than 0 and at most 3600 seconds, was " + heartbeatSeconds);
        require(maxClients >= 1, "--max-clients must be at least 1, was " + maxClients);
        require(maxFrameBytes >= 128, "--max-frame-bytes must be at least 128, was " + maxFrameBytes);
        require(maxPending >= 1, "--max-pending must be at least 1, was " + maxPending);
        require(maxPendingBytes >= 1024, "--max-pending-bytes must be at least 1024, was " + maxPendingBytes);
        require(slowClientBytes >= 1024, "--slow-client-bytes must be at least 1024, was " + slowClientBytes);
        require(slowClientSeconds > 0, "--slow-client-seconds must be more than 0, was " + slowClientSeconds);
        require(ingressCapacity >= 1, "ingress capacity must be at least 1, was " + ingressCapacity);
        require(maxLagSeconds >= 0.01 && maxLagSeconds <= 3600,
                "--max-lag must be 0.01..3600 seconds, was " + maxLagSeconds);
        require(handshakeTimeoutSeconds > 0 && handshakeTimeoutSeconds <= 3600,
                "--handshake-timeout must be more than 0 and at most 3600 seconds, was " + handshakeTimeoutSeconds);
        require(historySize >= 0 && historySize <= MAX_HISTORY_SIZE,
                "--history-size must be 0 (off) to " + MAX_HISTORY_SIZE + ", was " + historySize);
        require(historySeconds > 0 && historySeconds <= 7 * 86_400,
                "--history-seconds must be more than 0 and at most 604800 (a week), was " + historySeconds);
        require(historyBytes >= 1024, "--history-bytes must be at least 1024, was " + historyBytes);
        require(maxClientMessagesPerSecond >= 1 && maxClientMessagesPerSecond <= MessageRateLimiter.MAX_PER_SECOND,
                "--max-client-messages-per-second must be 1.." + MessageRateLimiter.MAX_PER_SECOND + ", was "
                        + maxClientMessagesPerSecond);
        require(maxConnectionsPerAddress >= 1,
                "--max-connections-per-address must be at least 1, was " + maxConnectionsPerAddress);
        require(tlsCert != null || tlsKey == null, "--tls-key needs --tls-cert (the certificate chain, PEM)");
        require(tlsKey != null || tlsCert == null, "--tls-cert needs --tls-key (the certificate's private key, PEM)");
        require(!tlsSelfSigned || tlsCert == null, "--tls-self-signed makes its own certificate: give either it or "
                + "--tls-cert and --tls-key, not both");
        require(tlsEngine != null, "--tls-engine must be auto, openssl or jdk");
        require(auth != null, "auth must not be null (AuthConfig.NONE: off)");
        require(compressionMinBytes >= 0, "--compression-min-bytes must be at least 0, was " + compressionMinBytes);
        require(influx != null, "influx must not be null (InfluxConfig.DEFAULTS)");
        extraMetricTypes = List.copyOf(extraMetricTypes);
        influx.mapping(MetricTypes.of(extraMetricTypes), LoadToolRules.NONE);
        if (redis != null) {
            RedisUrl.check(redis);
        }
    }

    /** Whether this server is a node of a cluster ({@link #redis()} set). */
    public boolean clustered() {
        return redis != null;
    }

    /** Whether both listeners serve TLS ({@code wss://} and {@code https://}). */
    public boolean tlsEnabled() {
        return tlsCert != null || tlsSelfSigned;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A builder starting from every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The registry of built-in plus extra metric types. */
    public MetricTypes metricTypes() {
        return MetricTypes.of(extraMetricTypes);
    }

    /** The per-client delivery settings. */
    public DeliveryConfig deliveryConfig() {
        return new DeliveryConfig(batchSize, secondsToNanos(batchTimeoutSeconds), maxPending, maxPendingBytes,
                secondsToNanos(slowClientSeconds), slowClientBytes);
    }

    /** The bounds of the history. */
    public HistoryLimits historyLimits() {
        return new HistoryLimits(historySize, secondsToNanos(historySeconds), historyBytes);
    }

    /** Seconds as nanoseconds, rounded. */
    public static long secondsToNanos(double seconds) {
        return Math.round(seconds * 1e9);
    }

    /** Builds a {@link StreamerConfig}; every setter's default is the matching {@code DEFAULT_} constant. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int httpPort = DEFAULT_HTTP_PORT;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private double batchTimeoutSeconds = DEFAULT_BATCH_TIMEOUT_SECONDS;
        private double heartbeatSeconds = DEFAULT_HEARTBEAT_SECONDS;
        private int maxClients = DEFAULT_MAX_CLIENTS;
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        private int maxPending = DEFAULT_MAX_PENDING;
        private long maxPendingBytes = DEFAULT_MAX_PENDING_BYTES;
        private long slowClientBytes = DEFAULT_SLOW_CLIENT_BYTES;
        private double slowClientSeconds = DEFAULT_SLOW_CLIENT_SECONDS;
        private List<String> extraMetricTypes = List.of();
        private int ingressCapacity = DEFAULT_INGRESS_CAPACITY;
        private double maxLagSeconds = DEFAULT_MAX_LAG_SECONDS;
        private double handshakeTimeoutSeconds = DEFAULT_HANDSHAKE_TIMEOUT_SECONDS;
        private int historySize = DEFAULT_HISTORY_SIZE;
        private double historySeconds = DEFAULT_HISTORY_SECONDS;
        private long historyBytes = DEFAULT_HISTORY_BYTES;
        private int maxClientMessagesPerSecond = DEFAULT_MAX_CLIENT_MESSAGES_PER_SECOND;
        private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
        private Path tlsCert;
        private Path tlsKey;
        private boolean tlsSelfSigned;
        private TlsEngine tlsEngine = DEFAULT_TLS_ENGINE;
        private String authJwtSecret;
        private Path authJwtPublicKey;
        private int authClockSkewSeconds;
        private String authJwtIssuer;
        private String authJwtAudience;
        private List<String> allowedOrigins = List.of();
        private boolean compression = DEFAULT_COMPRESSION;
        private int compressionMinBytes = DEFAULT_COMPRESSION_MIN_BYTES;
        private InfluxConfig influx = InfluxConfig.DEFAULTS;
        private String redis;
        private Path record;

        private Builder() {
        }

        /** Address to bind. */
        public Builder host(String v) {
            host = v;
            return this;
        }

        /** WebSocket port. */
        public Builder port(int v) {
            port = v;
            return this;
        }

        /** HTTP port. */
        public Builder httpPort(int v) {
            httpPort = v;
            return this;
        }

        /** Batch size. */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** Batch timeout in seconds. */
        public Builder batchTimeoutSeconds(double v) {
            batchTimeoutSeconds = v;
            return this;
        }

        /** Heartbeat interval in seconds. */
        public Builder heartbeatSeconds(double v) {
            heartbeatSeconds = v;
            return this;
        }

        /** Connection limit. */
        public Builder maxClients(int v) {
            maxClients = v;
            return this;
        }

        /** Largest client message in bytes. */
        public Builder maxFrameBytes(int v) {
            maxFrameBytes = v;
            return this;
        }

        /** Bound of each client's pending list. */
        public Builder maxPending(int v) {
            maxPending = v;
            return this;
        }

        /** Bound of each client's pending list in envelope bytes. */
        public Builder maxPendingBytes(long v) {
            maxPendingBytes = v;
            return this;
        }

        /** Slow-client mark in unsent bytes. */
        public Builder slowClientBytes(long v) {
            slowClientBytes = v;
            return this;
        }

        /** Seconds over the slow-client mark before closing. */
        public Builder slowClientSeconds(double v) {
            slowClientSeconds = v;
            return this;
        }

        /** Extra metric types. */
        public Builder extraMetricTypes(List<String> v) {
            extraMetricTypes = v;
            return this;
        }

        /** Ingress queue capacity. */
        public Builder ingressCapacity(int v) {
            ingressCapacity = v;
            return this;
        }

        /** Longest fan-out lag before publishing is refused. */
        public Builder maxLagSeconds(double v) {
            maxLagSeconds = v;
            return this;
        }

        /** Seconds a connection may take over each HTTP request or WebSocket handshake. */
        public Builder handshakeTimeoutSeconds(double v) {
            handshakeTimeoutSeconds = v;
            return this;
        }

        /** Metrics the history keeps (0: off). */
        public Builder historySize(int v) {
            historySize = v;
            return this;
        }

        /** Seconds the history keeps a metric. */
        public Builder historySeconds(double v) {
            historySeconds = v;
            return this;
        }

        /** What the history's metrics may cost, in bytes. */
        public Builder historyBytes(long v) {
            historyBytes = v;
            return this;
        }

        /** Messages a client may send a second; past it they are ignored, and a client over it for 5 s closed. */
        public Builder maxClientMessagesPerSecond(int v) {
            maxClientMessagesPerSecond = v;
            return this;
        }

        /** WebSocket connections one remote address may hold; past it handshakes are refused 429. */
        public Builder maxConnectionsPerAddress(int v) {
            maxConnectionsPerAddress = v;
            return this;
        }

        /** PEM certificate chain to serve over TLS (with {@link #tlsKey}); null: none. */
        public Builder tlsCert(Path v) {
            tlsCert = v;
            return this;
        }

        /** PEM private key of {@link #tlsCert}'s certificate; null: none. */
        public Builder tlsKey(Path v) {
            tlsKey = v;
            return this;
        }

        /** Serve TLS with a throwaway self-signed certificate made at start (instead of a certificate and key). */
        public Builder tlsSelfSigned(boolean v) {
            tlsSelfSigned = v;
            return this;
        }

        /**
         * Which implementation of TLS encrypts: {@code AUTO} (OpenSSL when its native library loads, else the JDK's),
         * {@code OPENSSL} (the server does not start without it) or {@code JDK}.
         */
        public Builder tlsEngine(TlsEngine v) {
            tlsEngine = v;
            return this;
        }

        /** The HS256 secret clients' tokens are signed with, at least 32 bytes (null: no HS256 tokens). */
        public Builder authJwtSecret(String v) {
            authJwtSecret = v;
            return this;
        }

        /** A PEM file of the RSA or EC P-256 public key clients' tokens are signed for (null: none). */
        public Builder authJwtPublicKey(Path v) {
            authJwtPublicKey = v;
            return this;
        }

        /** Seconds a token is still accepted past its {@code exp} (default 0). */
        public Builder authClockSkewSeconds(int v) {
            authClockSkewSeconds = v;
            return this;
        }

        /** The {@code iss} every token must carry (null: not checked). */
        public Builder authJwtIssuer(String v) {
            authJwtIssuer = v;
            return this;
        }

        /** A value every token's {@code aud} must hold (null: not checked). */
        public Builder authJwtAudience(String v) {
            authJwtAudience = v;
            return this;
        }

        /** Origins whose pages may open a WebSocket, e.g. {@code https://dash.example.com} (empty: any). */
        public Builder allowedOrigins(List<String> v) {
            allowedOrigins = v;
            return this;
        }

        /** Whether permessage-deflate is negotiated with clients that offer it. */
        public Builder compression(boolean v) {
            compression = v;
            return this;
        }

        /** Smallest delivery frame sent compressed, in bytes (0: every one). */
        public Builder compressionMinBytes(int v) {
            compressionMinBytes = v;
            return this;
        }

        /** The line protocol endpoints' mapping of measurements, default type, agent tag and load tools. */
        public Builder influx(InfluxConfig v) {
            influx = v;
            return this;
        }

        /**
         * The Redis the nodes of a cluster share, {@code redis://[:PASSWORD@]HOST:PORT[/DB]} (null, the default: no
         * cluster).
         */
        public Builder redis(String v) {
            redis = v;
            return this;
        }

        /**
         * A file to append every metric this server's publishers publish to (gzip JSON lines, created when missing;
         * null, the default: no recording).
         */
        public Builder record(Path v) {
            record = v;
            return this;
        }

        /** The validated config. */
        public StreamerConfig build() {
            return new StreamerConfig(host, port, httpPort, batchSize, batchTimeoutSeconds, heartbeatSeconds,
                    maxClients, maxFrameBytes, maxPending, maxPendingBytes, slowClientBytes, slowClientSeconds,
                    extraMetricTypes, ingressCapacity, maxLagSeconds, handshakeTimeoutSeconds, historySize,
                    historySeconds, historyBytes, maxClientMessagesPerSecond, maxConnectionsPerAddress, tlsCert, tlsKey,
                    tlsSelfSigned, tlsEngine,
                    new AuthConfig(authJwtSecret, authJwtPublicKey, authClockSkewSeconds, allowedOrigins,
                            authJwtIssuer, authJwtAudience),
                    compression, compressionMinBytes, influx, redis, record);
        }
    }
}
