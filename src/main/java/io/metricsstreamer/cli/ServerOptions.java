package io.metricsstreamer.cli;

import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.ingest.InfluxConfig;
import io.metricsstreamer.ingest.InfluxMapping;
import io.metricsstreamer.transport.connection.TlsEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of every command that runs a server ({@code serve}, {@code demo}, ...), as a picocli mixin. */
public final class ServerOptions {
    /** Read before parsing, by {@link ConfigSources}; declared so that it parses and shows in the help. */
    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file of options (batch-size = 20); the environment (METRICS_STREAMER_BATCH_SIZE"
                    + "=20) and the command line win over it.")
    String config;

    /** Read before parsing, by {@link Main} (logging starts first); declared so that it parses and shows in help. */
    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            converter = LogFormatConverter.class,
            description = "Log lines on stderr: text (ISO-8601 dates) or json (one object per line) "
                    + "(default: ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = StreamerConfig.DEFAULT_HOST,
            description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + StreamerConfig.DEFAULT_PORT,
            description = "WebSocket port; 0 binds an ephemeral port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "" + StreamerConfig.DEFAULT_HTTP_PORT,
            description = "Dashboard and HTTP API port (also serves the WebSocket at /ws); 0 binds an ephemeral "
                    + "port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + StreamerConfig.DEFAULT_BATCH_SIZE,
            description = "Pending metrics that trigger a delivery to a client (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--batch-timeout", paramLabel = "SECONDS",
            defaultValue = "" + StreamerConfig.DEFAULT_BATCH_TIMEOUT_SECONDS,
            description = "Longest a pending metric waits before delivery (default: ${DEFAULT-VALUE}).")
    double batchTimeout;

    @Option(names = "--heartbeat", paramLabel = "SECONDS", defaultValue = "" + StreamerConfig.DEFAULT_HEARTBEAT_SECONDS,
            description = "Interval of WebSocket pings; a client silent for two is closed "
                    + "(default: ${DEFAULT-VALUE}).")
    double heartbeat;

    @Option(names = "--max-clients", paramLabel = "N", defaultValue = "" + StreamerConfig.DEFAULT_MAX_CLIENTS,
            description = "Connections at once; more are refused with HTTP 503 (default: ${DEFAULT-VALUE}).")
    int maxClients;

    @Option(names = "--max-frame-bytes", paramLabel = "BYTES",
            defaultValue = "" + StreamerConfig.DEFAULT_MAX_FRAME_BYTES,
            converter = ByteSizeConverter.class,
            description = "Largest client message; larger closes the connection with 1009 "
                    + "(default: ${DEFAULT-VALUE}).")
    long maxFrameBytes;

    @Option(names = "--max-pending", paramLabel = "N", defaultValue = "" + StreamerConfig.DEFAULT_MAX_PENDING,
            description = "Metrics waiting per client; past it the oldest are dropped and reported "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxPending;

    @Option(names = "--max-pending-bytes", paramLabel = "BYTES",
            defaultValue = "" + StreamerConfig.DEFAULT_MAX_PENDING_BYTES, converter = ByteSizeConverter.class,
            description = "Envelope bytes waiting per client; past them the oldest are dropped and reported, "
                    + "whatever --max-pending allows (default: ${DEFAULT-VALUE} = 16 MiB; accepts 4MiB, 1GiB).")
    long maxPendingBytes;

    @Option(names = "--slow-client-bytes", paramLabel = "BYTES",
            defaultValue = "" + StreamerConfig.DEFAULT_SLOW_CLIENT_BYTES, converter = ByteSizeConverter.class,
            description = "Unsent bytes over which a client gets no new frames and loses its oldest pending metrics "
                    + "(default: ${DEFAULT-VALUE} = 1 MiB; accepts 512KiB, 2MiB).")
    long slowClientBytes;

    @Option(names = "--slow-client-seconds", paramLabel = "SECONDS",
            defaultValue = "" + StreamerConfig.DEFAULT_SLOW_CLIENT_SECONDS,
            description = "How long a client may stay over --slow-client-bytes before it is closed with 1008 "
                    + "'slow consumer' (default: ${DEFAULT-VALUE}).")
    double slowClientSeconds;

    @Option(names = "--metric-type", paramLabel = "NAME", split = ",",
            description = "Registers an extra metric type, [a-z][a-z0-9_]{0,63}; repeatable, or a comma list. "
                    + "Built-ins: system, agent, business, hero, presentation.")
    List<String> metricTypes = new ArrayList<>();

    @Option(names = "--queue-capacity", paramLabel = "N", defaultValue = "" + StreamerConfig.DEFAULT_INGRESS_CAPACITY,
            description = "Metrics the ingress queue holds; past it publishing is refused (HTTP 503, counted) "
                    + "(default: ${DEFAULT-VALUE}).")
    int queueCapacity;

    @Option(names = "--max-lag", paramLabel = "SECONDS", defaultValue = "" + StreamerConfig.DEFAULT_MAX_LAG_SECONDS,
            description = "How far behind fan-out may fall: while the oldest queued metric has waited longer, "
                    + "publishing is refused (HTTP 503, counted) so deliveries stay fresh (default: ${DEFAULT-VALUE}).")
    double maxLagSeconds;

    @Option(names = "--handshake-timeout", paramLabel = "SECONDS",
            defaultValue = "" + StreamerConfig.DEFAULT_HANDSHAKE_TIMEOUT_SECONDS,
            description = "How long a connection may take to send its WebSocket handshake or each HTTP request, "
                    + "body included; past it the request is answered 408 and the connection closed "
                    + "(default: ${DEFAULT-VALUE}).")
    double handshakeTimeoutSeconds;

    @Option(names = "--history-size", paramLabel = "N", defaultValue = "" + StreamerConfig.DEFAULT_HISTORY_SIZE,
            description = "Metrics kept for replays (a dashboard opened late, a client that reconnects); "
                    + "0 turns history off (default: ${DEFAULT-VALUE}).")
    int historySize;

    @Option(names = "--history-seconds", paramLabel = "SECONDS",
            defaultValue = "" + StreamerConfig.DEFAULT_HISTORY_SECONDS,
            description = "How long a metric is kept for replays (default: ${DEFAULT-VALUE}).")
    double historySeconds;

    @Option(names = "--history-bytes", paramLabel = "BYTES", defaultValue = "" + StreamerConfig.DEFAULT_HISTORY_BYTES,
            converter = ByteSizeConverter.class,
            description = "Memory the kept metrics may take: their encoded bytes plus about 180 bytes each; the "
                    + "heap must hold it (default: ${DEFAULT-VALUE} = 64 MiB; accepts 256MiB, 1GiB).")
    long historyBytes;

    @Option(names = "--max-client-messages-per-second", paramLabel = "N",
            defaultValue = "" + StreamerConfig.DEFAULT_MAX_CLIENT_MESSAGES_PER_SECOND,
            description = "Messages a WebSocket client may send a second (pings included; a burst of N, then N a "
                    + "second); past it a message is ignored and answered rate_limited, and a client over it for 5 s "
                    + "is closed with 1008 'rate limited' (default: ${DEFAULT-VALUE}).")
    int maxClientMessagesPerSecond;

    @Option(names = "--max-connections-per-address", paramLabel = "N",
            defaultValue = "" + StreamerConfig.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
            description = "WebSocket connections one remote IP address may hold at once; more are refused at the "
                    + "handshake with HTTP 429 (default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerAddress;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Serve both ports over TLS (wss://, https://) with this PEM certificate chain, the server's "
                    + "certificate first (certbot's fullchain.pem); needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "The PEM private key of --tls-cert's certificate, unencrypted: PKCS#8, PKCS#1 (RSA) or EC "
                    + "(certbot's privkey.pem).")
    Path tlsKey;

    @Option(names = "--tls-self-signed",
            description = "Serve both ports over TLS with a throwaway certificate made at start (localhost, "
                    + "127.0.0.1), for local use; prints its SHA-256 fingerprint. Browsers warn about it.")
    boolean tlsSelfSigned;

    @Option(names = "--tls-engine", paramLabel = "auto|openssl|jdk", defaultValue = "auto",
            converter = TlsEngineConverter.class,
            description = "What encrypts TLS: openssl (BoringSSL, a native library in the jar; cheaper per message), "
                    + "jdk (Java's own), or auto: openssl when its library loads on this machine, else jdk "
                    + "(default: ${DEFAULT-VALUE}). With openssl the server does not start without it.")
    TlsEngine tlsEngine;

    @Option(names = "--auth-jwt-secret", paramLabel = "SECRET",
            description = "Require a token from every client and publisher, HS256-signed with this secret (at least 32 "
                    + "bytes; prefer METRICS_STREAMER_AUTH_JWT_SECRET or the config file to the command line, which "
                    + "other users can see). Mint tokens with the token command. Default: none (no authentication).")
    String authJwtSecret;

    @Option(names = "--auth-jwt-public-key", paramLabel = "FILE",
            description = "Require a token, RS256- or ES256-signed for this PEM public key (RSA, or EC P-256); with "
                    + "--auth-jwt-secret, either kind is accepted. Default: none.")
    Path authJwtPublicKey;

    @Option(names = "--auth-clock-skew", paramLabel = "SECONDS", defaultValue = "0",
            description = "Seconds a token is still accepted past its exp (and before its nbf), for clocks that "
                    + "disagree (default: ${DEFAULT-VALUE}: expiry to the second).")
    int authClockSkewSeconds;

    @Option(names = "--auth-jwt-issuer", paramLabel = "ISSUER",
            description = "Accept only tokens whose iss claim is ISSUER (e.g. the identity provider that mints them). "
                    + "Default: any issuer.")
    String authJwtIssuer;

    @Option(names = "--auth-jwt-audience", paramLabel = "AUDIENCE",
            description = "Accept only tokens whose aud claim holds AUDIENCE (this server's name), so that tokens "
                    + "minted with the same key for another service are refused. Default: any audience.")
    String authJwtAudience;

    @Option(names = "--allowed-origins", paramLabel = "LIST", split = ",",
            description = "Origins whose pages may open a WebSocket, comma-separated (https://dash.example.com); a "
                    + "handshake with another Origin gets HTTP 403, one with none (not a browser) is let through. "
                    + "List the server's own http://HOST:HTTP_PORT for its pages. Default: any origin.")
    List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--compression", paramLabel = "on|off", defaultValue = "on", converter = SwitchConverter.class,
            description = "permessage-deflate with clients that offer it (browsers do): each delivery frame is "
                    + "compressed once and shared by every such client (default: ${DEFAULT-VALUE}).")
    Switch compression;

    @Option(names = "--compression-min-bytes", paramLabel = "BYTES",
            defaultValue = "" + StreamerConfig.DEFAULT_COMPRESSION_MIN_BYTES, converter = ByteSizeConverter.class,
            description = "Smallest delivery frame sent compressed; smaller ones go plain (default: ${DEFAULT-VALUE}).")
    long compressionMinBytes;

    @Option(names = "--influx-map", paramLabel = "MEASUREMENT=TYPE", split = ",",
            description = "Line protocol ingest (POST /write, /api/v2/write): publish the points of MEASUREMENT as "
                    + "metrics of TYPE; repeatable. A measurement named like a metric type maps to it unmapped.")
    Map<String, String> influxMap = new LinkedHashMap<>();

    @Option(names = "--influx-default-type", paramLabel = "TYPE",
            description = "Line protocol ingest: the metric type of measurements nothing else maps (default: none; "
                    + "a write holding such a point is refused 400, unless a load tool's summary reads it).")
    String influxDefaultType;

    @Option(names = "--influx-agent-tag", paramLabel = "TAG", defaultValue = InfluxMapping.DEFAULT_AGENT_TAG,
            description = "Line protocol ingest: the tag whose value becomes a point's agent_id "
                    + "(default: ${DEFAULT-VALUE}).")
    String influxAgentTag;

    @Option(names = "--influx-load-tools", paramLabel = "on|off", defaultValue = "on",
            converter = SwitchConverter.class,
            description = "Summarise JMeter's and k6's line protocol into the dashboard's system and agent metrics "
                    + "(default: ${DEFAULT-VALUE}); their own points are published only where --influx-map or "
                    + "--influx-default-type maps them.")
    Switch influxLoadTools;

    @Option(names = "--redis", paramLabel = "URL",
            description = "Run as a node of a cluster: nodes given the same Redis, "
                    + "redis://[:PASSWORD@]HOST:PORT[/DB], share one seq order, epoch and history, and deliver a "
                    + "metric published on any node to the clients of every node (default: none, this server alone).")
    String redis;

    @Option(names = "--record", paramLabel = "FILE",
            description = "Append every metric published to this server (Java API, POST /api/metrics, line protocol, "
                    + "the demo's) to FILE, gzip-compressed JSON lines with their times, to watch again later with "
                    + "serve --play FILE (default: none).")
    Path record;

    /** The validated config; throws IllegalArgumentException naming the bad option. */
    public StreamerConfig toConfig() {
        if (maxFrameBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--max-frame-bytes must be below 2 GiB");
        }
        if (compressionMinBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--compression-min-bytes must be below 2 GiB");
        }
        return StreamerConfig.builder()
                .host(host).port(port).httpPort(httpPort)
                .batchSize(batchSize).batchTimeoutSeconds(batchTimeout).heartbeatSeconds(heartbeat)
                .maxClients(maxClients).maxFrameBytes((int) maxFrameBytes)
                .maxPending(maxPending).maxPendingBytes(maxPendingBytes)
                .slowClientBytes(slowClientBytes).slowClientSeconds(slowClientSeconds)
                .extraMetricTypes(metricTypes).ingressCapacity(queueCapacity)
                .maxLagSeconds(maxLagSeconds).handshakeTimeoutSeconds(handshakeTimeoutSeconds)
                .historySize(historySize).historySeconds(historySeconds).historyBytes(historyBytes)
                .maxClientMessagesPerSecond(maxClientMessagesPerSecond)
                .maxConnectionsPerAddress(maxConnectionsPerAddress)
                .tlsCert(tlsCert).tlsKey(tlsKey).tlsSelfSigned(tlsSelfSigned).tlsEngine(tlsEngine)
                .authJwtSecret(authJwtSecret).authJwtPublicKey(authJwtPublicKey)
                .authClockSkewSeconds(authClockSkewSeconds).authJwtIssuer(authJwtIssuer)
                .authJwtAudience(authJwtAudience)
                .allowedOrigins(allowedOrigins)
                .compression(compression == Switch.ON).compressionMinBytes((int) compressionMinBytes)
                .influx(new InfluxConfig(influxMap, influxDefaultType, influxAgentTag, influxLoadTools == Switch.ON))
                .redis(redis).record(record)
                .build();
    }
}
