package io.metricsstreamer;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.auth.AccessPolicy;
import io.metricsstreamer.cluster.RedisClusterLink;
import io.metricsstreamer.delivery.CloseReason;
import io.metricsstreamer.hub.ClientRegistry;
import io.metricsstreamer.hub.ClusterSequence;
import io.metricsstreamer.hub.Hub;
import io.metricsstreamer.hub.LocalSequencer;
import io.metricsstreamer.delivery.PublishedMetric;
import io.metricsstreamer.ingest.IngestException;
import io.metricsstreamer.ingest.IngestParser;
import io.metricsstreamer.ingest.tools.InfluxIngest;
import io.metricsstreamer.model.AgentMetrics;
import io.metricsstreamer.model.BusinessMetrics;
import io.metricsstreamer.model.HeroMetrics;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.model.PresentationData;
import io.metricsstreamer.model.SystemMetrics;
import io.metricsstreamer.json.Timestamps;
import io.metricsstreamer.protocol.ClientMessageParser;
import io.metricsstreamer.protocol.ProtocolWarmup;
import io.metricsstreamer.recording.RecordingWriter;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.stats.PrometheusExporter;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.stats.ClientsPage;
import io.metricsstreamer.stats.ClusterNode;
import io.metricsstreamer.stats.ClusterSnapshot;
import io.metricsstreamer.stats.ClusterStatistics;
import io.metricsstreamer.stats.CompressionSnapshot;
import io.metricsstreamer.stats.RecordingSnapshot;
import io.metricsstreamer.stats.StatisticsSnapshot;
import io.metricsstreamer.transport.NettyServer;
import io.metricsstreamer.transport.connection.ServerContext;
import io.metricsstreamer.transport.connection.TlsEngine;
import io.metricsstreamer.transport.connection.TlsSettings;
import io.metricsstreamer.transport.connection.TransportConfig;
import io.metricsstreamer.transport.tls.TlsSetupException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process API of metrics-streamer: start a server, publish metrics from any thread, read its statistics.
 *
 * <p>Publishing ({@code broadcast*}, {@link #queueMetric}) is thread-safe and never blocks: a metric is validated,
 * stamped with the current time if it has none, and offered to a bounded queue. It returns false, and counts the
 * metric as dropped, when the queue is full or the server is not running. A server is started once; {@link #stop()}
 * (or {@link #close()}) delivers what was queued, closes every client with 1001 and releases the ports.
 *
 * <pre>{@code
 * try (RealTimeMetricsStreamer streamer = new RealTimeMetricsStreamer(StreamerConfig.builder().port(0).build())) {
 *     streamer.start();
 *     streamer.broadcastSystemMetrics(systemMetrics);
 * }
 * }</pre>
 */
public final class RealTimeMetricsStreamer implements MetricsPublisher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RealTimeMetricsStreamer.class);
    private static final long DRAIN_SECONDS = 5;
    /** How long a stopping node waits for its own last metrics to come back from the cluster to its clients. */
    private static final long CLUSTER_ECHO_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** The history may take at most this share of the heap (1/2) before the start warns. */
    private static final int HEAP_SHARE_FOR_HISTORY = 2;
    private final StreamerConfig config;
    private final MetricTypes types;
    private final ServerStats stats = new ServerStats();
    private final Hub hub;
    /** Null unless this server is a node of a cluster ({@code --redis}); then with {@link #clusterSequence}. */
    private final RedisClusterLink cluster;
    private final ClusterSequence clusterSequence;
    private final PrometheusExporter prometheus;
    private final ClientMessageParser clientParser;
    private final IngestParser ingestParser;
    private final NettyServer server;
    private final AccessPolicy access;
    private final InfluxIngest influx;
    /** Publishes what the load tools' summaries complete in silence (k6's last seconds), once a second. */
    private ScheduledExecutorService summaryTimer;
    /** The recording ({@code --record}) while it is open, else null. */
    private volatile RecordingWriter recording;
    private volatile long startedAtNanos;
    private volatile boolean running;
    private boolean used;

    /** A server with {@code config}; nothing is bound until {@link #start()}. */
    public RealTimeMetricsStreamer(StreamerConfig config) {
        this.config = config;
        this.types = config.metricTypes();
        ClientRegistry registry = new ClientRegistry(config.maxClients());
        long maxLag = StreamerConfig.secondsToNanos(config.maxLagSeconds());
        if (config.clustered()) {
            this.clusterSequence = new ClusterSequence();
            this.cluster = new RedisClusterLink(config.redis(), types, config.ingressCapacity(), config.historySize(),
                    stats::onIngressDropped);
            this.hub = new Hub(config.ingressCapacity(), maxLag, System::nanoTime, clusterSequence, cluster,
                    config.historyLimits(), stats, registry);
        } else {
            this.clusterSequence = null;
            this.cluster = null;
            this.hub = new Hub(config.ingressCapacity(), maxLag, System::nanoTime, new LocalSequencer(),
                    config.historyLimits(), stats, registry);
        }
        this.prometheus = new PrometheusExporter(stats, registry::count, hub::queueSize);
        prometheus.historyGauges(() -> hub.history().size(), () -> hub.history().bytes());
        this.clientParser = new ClientMessageParser(types);
        this.ingestParser = new IngestParser(types);
        this.access = AccessPolicy.of(config.auth(), Clock.systemUTC());
        this.influx = new InfluxIngest(config.influx(), types);
        this.server = new NettyServer(new ServerContext(transportConfig(config), types, hub, stats, clientParser,
                ingestParser, this::getStatistics, prometheus::scrape, () -> running, access, influx));
    }

    /** The options of {@code config} the transport runs with. */
    private static TransportConfig transportConfig(StreamerConfig config) {
        TlsSettings tls = config.tlsEnabled() ? new TlsSettings(config.tlsCert(), config.tlsKey(),
                config.tlsSelfSigned(), config.tlsEngine()) : TlsSettings.OFF;
        return new TransportConfig(config.host(), config.port(), config.httpPort(),
                StreamerConfig.secondsToNanos(config.heartbeatSeconds()),
                StreamerConfig.secondsToNanos(config.handshakeTimeoutSeconds()), config.maxFrameBytes(),
                config.deliveryConfig(), config.maxClientMessagesPerSecond(), config.maxConnectionsPerAddress(),
                tls, config.compression(), config.compressionMinBytes());
    }

    /**
     * Runs the JSON paths of clients and publishers once before the ports open, so that neither the first client
     * (its welcome) nor the first publisher (its first POST or broadcast) pays for building the mapper and loading the
     * classes, which made each of them many times slower than the ones after it (measured: docs/benchmarks/LOG.md).
     * Parses and encodes only: nothing is published.
     */
    private void warmUp() {
        ProtocolWarmup.run(clientParser);
        String sample = "[{\"metric_type\":\"" + types.all().get(0).name()
                + "\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{\"agent_id\":\"agent-1\",\"value\":1.5}}]";
        try {
            for (MetricEnvelope m : ingestParser.parse(sample.getBytes(StandardCharsets.UTF_8), Instant.now())) {
                PublishedMetric.encode(0, m.type(), Timestamps.format(m.timestamp()), m.dataJson());
            }
        } catch (IngestException e) {
            throw new IllegalStateException("the ingest warm-up sample is refused: " + e.getMessage(), e);
        }
        // The in-process API: each record type's serializer, and a value made into a tree and an envelope (what the
        // first broadcast would otherwise build).
        try {
            for (Class<?> record : List.of(SystemMetrics.class, AgentMetrics.class, BusinessMetrics.class,
                    HeroMetrics.class, PresentationData.class)) {
                Json.mapper().getSerializerProviderInstance().findTypedValueSerializer(record, true, null);
            }
        } catch (JsonMappingException e) {
            throw new IllegalStateException("no serializer for a metric record: " + e.getMessage(), e);
        }
        new MetricEnvelope(types.all().get(0), Instant.now(),
                Json.mapper().valueToTree(Map.of("agent_id", "agent-1", "value", 1.5)));
    }

    /** A server with every default option. */
    public RealTimeMetricsStreamer() {
        this(StreamerConfig.builder().build());
    }

    /**
     * Binds the WebSocket and HTTP ports and starts delivering.
     *
     * @throws IllegalStateException when called twice, when the host does not resolve or a port cannot be bound (the
     *                               message names the option, {@code --host}, {@code --port} or {@code --http-port},
     *                               and its value; the cause says why), when TLS is on and its certificate or key
     *                               cannot be used (the message names the option and the file), or when the warm-up
     *                               of the JSON paths fails (nothing is started then)
     */
    public synchronized void start() {
        if (used) {
            throw new IllegalStateException("a RealTimeMetricsStreamer starts once; create a new one");
        }
        used = true;
        warmUp();
        long clusterSeq = cluster != null ? joinCluster() : 0;
        startRecording();
        hub.start();
        if (cluster != null) {
            cluster.startReading(hub, clusterSeq);
        }
        try {
            server.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortStart();
            throw new IllegalStateException("interrupted while binding", e);
        } catch (UnknownHostException e) {
            abortStart();
            throw new IllegalStateException(unresolvedHost(e), e);
        } catch (NettyServer.ListenerBindException e) {
            abortStart();
            throw new IllegalStateException(bindFailure(e), e);
        } catch (TlsSetupException e) {
            abortStart();
            throw new IllegalStateException(e.getMessage(), e);
        } catch (Exception e) {
            abortStart();
            throw new IllegalStateException("cannot start the server on " + config.host() + " (--port "
                    + config.port() + ", --http-port " + config.httpPort() + "): " + e, e);
        }
        startedAtNanos = System.nanoTime();
        running = true;
        if (cluster != null) {
            ClientRegistry registry = hub.registry();
            cluster.startHeartbeat(() -> new ClusterNode(cluster.nodeId(), config.host(), getPort(), getHttpPort(),
                    registry.count(), stats.totalMetricsPublished(), stats.totalMetricsDelivered(), 0, 0, null));
        }
        if (config.influx().loadTools()) {
            summaryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "load-tool-summaries");
                t.setDaemon(true);
                return t;
            });
            summaryTimer.scheduleWithFixedDelay(() -> publishSummaries(Instant.now()), 1, 1, TimeUnit.SECONDS);
        }
        LOG.info("metrics-streamer running: websocket port {}, http port {}", getPort(), getHttpPort());
        logAccess();
        warnIfTheHeapCannotHoldTheHistory(Runtime.getRuntime().maxMemory());
    }

    /**
     * Reaches the cluster: its epoch becomes this node's, and its recent past fills the history, so that a client may
     * replay on this node what was published on any. @return the seq this node goes on after
     */
    private long joinCluster() {
        String epoch = cluster.connect();
        clusterSequence.begin(epoch);
        try {
            RedisClusterLink.Backfill past = cluster.backfill(config.historySize(), config.historyBytes());
            hub.backfill(past.metrics(), past.lastSeq());
            return past.lastSeq();
        } catch (RuntimeException e) {
            cluster.close();
            throw new IllegalStateException("--redis: cannot read the cluster's history: " + e.getMessage(), e);
        }
    }

    /**
     * A node leaving its cluster: what its publishers offered is written, and it waits (bounded) until its own last
     * metrics came back to it, so that its clients get them before the 1001; then it stops reading.
     */
    private void leaveCluster() {
        long mine = cluster.stopPublishing(TimeUnit.SECONDS.toNanos(DRAIN_SECONDS));
        long deadline = System.nanoTime() + CLUSTER_ECHO_NANOS;
        while (clusterSequence.last() < mine && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        cluster.close();
    }

    /** A start that failed after the hub started: everything it started is stopped again. */
    private void abortStart() {
        hub.drainAndStop();
        closeCluster();
        closeRecording();
    }

    /** Opens the recording, when there is one, and has the hub hand it every metric published from now on. */
    private void startRecording() {
        if (config.record() == null) {
            return;
        }
        try {
            recording = RecordingWriter.open(config.record(), stats, System::nanoTime);
        } catch (IllegalArgumentException e) {
            closeCluster();
            throw new IllegalStateException("--record " + config.record() + ": " + e.getMessage(), e);
        }
        hub.recordTo(recording);
    }

    /** Writes what the recording holds and ends its file. */
    private void closeRecording() {
        RecordingWriter r = recording;
        if (r != null) {
            r.close();
        }
    }

    private void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Says at start who may connect, publish and read the statistics (docs/SECURITY.md). */
    private void logAccess() {
        String origins = config.auth().checksOrigins() ? "WebSocket pages only from " + config.auth().allowedOrigins()
                : "WebSocket pages from any origin";
        if (access.authEnabled()) {
            String claims = (config.auth().issuer() == null ? "" : ", iss " + config.auth().issuer())
                    + (config.auth().audience() == null ? "" : ", aud " + config.auth().audience());
            LOG.info("authentication on: tokens signed with {} (clock skew {} s{}) to connect, publish:true to "
                    + "publish, admin:true for statistics; {}", access.verifier().algorithms(),
                    config.auth().clockSkewSeconds(), claims, origins);
        } else {
            LOG.info("authentication off: any client may connect, publish and read statistics (--auth-jwt-secret or "
                    + "--auth-jwt-public-key turns it on); {}", origins);
        }
    }

    /**
     * The history fills up to {@code --history-bytes} of heap during a long test: a heap that cannot hold it beside
     * the server's own live set would fail only then, hours in. Said at start instead, with the way out.
     */
    void warnIfTheHeapCannotHoldTheHistory(long maxHeap) {
        if (config.historySize() > 0 && config.historyBytes() > maxHeap / HEAP_SHARE_FOR_HISTORY) {
            LOG.warn("--history-bytes {} MiB is more than half of the heap ({} MiB): the history fills it during a "
                    + "long test; raise the heap (JAVA_OPTS=-Xmx...) or lower --history-bytes",
                    config.historyBytes() >> 20, maxHeap >> 20);
        }
    }

    /**
     * The error for a host that does not resolve, naming it. Starts with the option's name, so that the command line
     * adds where a value came from (the environment or a file).
     */
    private String unresolvedHost(UnknownHostException e) {
        String why = e.getMessage() == null ? "" : e.getMessage();
        if (why.startsWith(config.host() + ": ")) {
            why = why.substring(config.host().length() + 2);
        }
        return "--host " + config.host() + " cannot be resolved to an address" + (why.isEmpty() ? "" : " (" + why
                + ")") + ": give an IP address (0.0.0.0 listens on every interface) or a host name this machine "
                + "resolves";
    }

    /** The error for a port that cannot be bound, naming its option (which of the two ports) and the port. */
    private String bindFailure(NettyServer.ListenerBindException e) {
        String port = (e.websocket() ? "--port " : "--http-port ") + e.port()
                + (e.websocket() ? " (the WebSocket port)" : " (the HTTP port)");
        Throwable cause = e.getCause();
        String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        // The JDK's BindException and Netty's epoll error both carry the system's text for EADDRINUSE.
        if (why.contains("Address already in use")) {
            return port + " is already in use on " + config.host() + ": stop what holds it or choose another port "
                    + "(0 picks a free one)";
        }
        return port + " cannot be bound on " + config.host() + ": " + why;
    }

    /** Stops: refuses new metrics, delivers what was queued, closes every client with 1001, frees the ports. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        server.stopAccepting();
        if (summaryTimer != null) {
            summaryTimer.shutdownNow();
            // Every second still open is published before the drain: a test's last seconds are not lost at a stop.
            publishSummaries(Instant.now().plus(Duration.ofDays(1)));
        }
        if (cluster != null) {
            leaveCluster();
        }
        try {
            hub.drainAndStop().get(DRAIN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.warn("pending metrics were not all flushed before shutdown: {}", e.toString());
        }
        closeRecording();
        server.closeClients(CloseReason.GOING_AWAY);
        server.stopLoops();
        prometheus.close();
        LOG.info("metrics-streamer stopped");
    }

    private void publishSummaries(Instant now) {
        try {
            List<MetricEnvelope> due = influx.due(now);
            if (!due.isEmpty()) {
                stats.onLoadToolMetrics(due.size());
                hub.offer(due);
            }
        } catch (RuntimeException e) {
            LOG.error("the load tools' summaries failed", e);
        }
    }

    @Override
    public void close() {
        stop();
        prometheus.close();
    }

    /** Publishes system metrics. Any thread; never blocks. @return false when refused (counted as dropped) */
    @Override
    public boolean broadcastSystemMetrics(SystemMetrics metrics) {
        return publish(MetricTypes.SYSTEM, metrics.timestamp(), metrics);
    }

    /** Publishes one record per agent, as an array. Any thread; never blocks. @return false when refused */
    @Override
    public boolean broadcastAgentMetrics(List<AgentMetrics> metrics) {
        Instant at = metrics.isEmpty() ? null : metrics.get(0).timestamp();
        return publish(MetricTypes.AGENT, at, metrics);
    }

    /** Publishes business metrics. Any thread; never blocks. @return false when refused */
    @Override
    public boolean broadcastBusinessMetrics(BusinessMetrics metrics) {
        return publish(MetricTypes.BUSINESS, metrics.timestamp(), metrics);
    }

    /** Publishes hero metrics. Any thread; never blocks. @return false when refused */
    @Override
    public boolean broadcastHeroMetrics(HeroMetrics metrics) {
        return publish(MetricTypes.HERO, null, metrics);
    }

    /** Publishes presentation data. Any thread; never blocks. @return false when refused */
    @Override
    public boolean broadcastPresentationData(PresentationData data) {
        return publish(MetricTypes.PRESENTATION, null, data);
    }

    /**
     * Publishes a metric of any registered type. {@code data} is anything Jackson serialises to a JSON object or an
     * array of objects: a record, a {@code Map}, a {@code List} of them, or a {@link JsonNode}.
     *
     * @return false when refused (queue full or not running; counted as dropped)
     * @throws IllegalArgumentException when the type is not registered or the data is not an object or array of
     *                                  objects (a programming error, so it is not silently dropped)
     */
    @Override
    public boolean queueMetric(String metricType, Object data) {
        return publish(metricType, null, data);
    }

    private boolean publish(String typeName, Instant timestamp, Object data) {
        MetricType type = types.require(typeName);
        JsonNode tree = data instanceof JsonNode n ? n : Json.mapper().valueToTree(data);
        if (!MetricEnvelope.isValidData(tree)) {
            throw new IllegalArgumentException("metric data must serialise to a JSON object or an array of objects");
        }
        return hub.publish(new MetricEnvelope(type, timestamp != null ? timestamp : Instant.now(), tree));
    }

    /**
     * Publishes metrics as they are (their type, timestamp and data), all or nothing, in order: what
     * {@code POST /api/metrics} does with a body it parsed, and how a recording is played back. Any thread; never
     * blocks.
     *
     * @return false when refused (queue full or not running; counted as dropped)
     */
    public boolean publishEnvelopes(List<MetricEnvelope> metrics) {
        return hub.publishAll(metrics);
    }

    /** A snapshot of the server's statistics, every client listed. Any thread. */
    public StatisticsSnapshot getStatistics() {
        return getStatistics(ClientsPage.ALL);
    }

    /**
     * A snapshot of the server's statistics listing one page of the clients (in connection order); the totals,
     * {@code connected_clients} included, cover every client. Any thread.
     */
    public StatisticsSnapshot getStatistics(ClientsPage page) {
        long now = System.nanoTime();
        ClientRegistry registry = hub.registry();
        long earliest = hub.history().earliestSeq();
        TlsEngine tlsEngine = server.tlsEngine();
        return new StatisticsSnapshot(running, config.host(), running ? getPort() : config.port(),
                running ? getHttpPort() : config.httpPort(), registry.count(), stats.totalClientsConnected(),
                stats.totalMessagesSent(), stats.totalMetricsPublished(), stats.totalMetricsDelivered(),
                stats.totalMetricsDropped(), stats.totalSlowClientsClosed(), stats.totalTlsHandshakeFailures(),
                tlsEngine == null ? null : tlsEngine.optionValue(), stats.clientErrors(), stats.authFailures(),
                startedAtNanos == 0 ? 0 : (now - startedAtNanos) / 1e9, hub.queueSize(), config.batchSize(),
                config.batchTimeoutSeconds(), hub.sequencer().epoch(), hub.history().size(), hub.history().bytes(),
                earliest == 0 ? null : earliest, stats.totalReplays(), stats.totalMetricsReplayed(),
                stats.totalRateLimitedMessages(), stats.totalRateLimitCloses(),
                stats.totalConnectionsRefusedPerAddress(), stats.totalHandshakeTimeouts(),
                stats.totalLineProtocolPoints(), stats.totalLoadToolMetrics(),
                CompressionSnapshot.of(config.compression(), config.compressionMinBytes(), stats),
                recording == null ? null : RecordingSnapshot.of(recording.file().toString(), stats),
                cluster == null ? null : new ClusterSnapshot(cluster.nodeId(), cluster.address(), cluster.reachable(),
                        cluster.backlog()),
                registry.snapshots(now, page));
    }

    /**
     * Every live node of this server's cluster and their totals, as the node last read them (at most a heartbeat,
     * a second, old), or null when the server is not a node of a cluster. Any thread.
     */
    public ClusterStatistics getClusterStatistics() {
        return hub.clusterStatistics();
    }

    /** Clients connected now. Any thread. */
    public int getClientCount() {
        return hub.registry().count();
    }

    /** Whether the client with this id is connected now. Any thread. */
    public boolean isClientConnected(String clientId) {
        return hub.registry().contains(clientId);
    }

    /** Whether the server is running. */
    public boolean isRunning() {
        return running;
    }

    /** The bound WebSocket port (the ephemeral one when configured as 0). Only after {@link #start()}. */
    public int getPort() {
        return server.wsPort();
    }

    /** The bound HTTP port. Only after {@link #start()}. */
    public int getHttpPort() {
        return server.httpPort();
    }

    /**
     * The certificate both ports serve over TLS (the throwaway one of {@code tlsSelfSigned}, which a Java client can
     * trust as it is), or null without TLS. Only after {@link #start()}.
     */
    public X509Certificate getTlsCertificate() {
        return server.tlsCertificate();
    }

    /** The SHA-256 fingerprint of that certificate, as openssl prints it ({@code AB:CD:...}), or null without TLS. */
    public String getTlsFingerprint() {
        return server.tlsFingerprint();
    }

    /**
     * The engine that encrypts TLS, {@link TlsEngine#OPENSSL} or {@link TlsEngine#JDK} (what {@code AUTO} chose), or
     * null without TLS. Only after {@link #start()}.
     */
    public TlsEngine getTlsEngine() {
        return server.tlsEngine();
    }

    /** The options this server runs with. */
    public StreamerConfig getConfig() {
        return config;
    }

    /** The metric types this server knows. */
    public MetricTypes getMetricTypes() {
        return types;
    }
}
