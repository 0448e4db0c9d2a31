package io.metricsstreamer.stats;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Exposes the server's counters in the Prometheus text format through Micrometer: function counters read the
 * {@link ServerStats} adders and gauges read live values at scrape time, so nothing is double-counted and the
 * publish path pays nothing for it; Micrometer's JVM binders add memory (heap and the direct buffer pool), garbage
 * collection, threads, process CPU and uptime. Thread-safe.
 */
public final class PrometheusExporter {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    /**
     * Registers the counters of {@code stats}, plus gauges for connected clients and the ingress queue.
     *
     * @param connectedClients clients connected now
     * @param queueSize        metrics waiting in the ingress queue
     */
    public PrometheusExporter(ServerStats stats, Supplier<Number> connectedClients, Supplier<Number> queueSize) {
        counter("metrics_streamer_clients_connected", "Clients that completed a handshake since start", stats,
                ServerStats::totalClientsConnected);
        counter("metrics_streamer_messages_sent", "Messages sent to clients", stats, ServerStats::totalMessagesSent);
        counter("metrics_streamer_metrics_published", "Metrics accepted for publishing", stats,
                ServerStats::totalMetricsPublished);
        counter("metrics_streamer_metrics_delivered", "Metric deliveries to clients (one per client per metric)",
                stats, ServerStats::totalMetricsDelivered);
        counter("metrics_streamer_metrics_dropped", "Metrics lost: ingress refusals plus client drops", stats,
                ServerStats::totalMetricsDropped);
        counter("metrics_streamer_ingress_refused", "Metrics refused because the ingress queue was full", stats,
                ServerStats::totalIngressDropped);
        counter("metrics_streamer_client_dropped", "Pending metrics dropped from slow clients", stats,
                ServerStats::totalClientDropped);
        counter("metrics_streamer_slow_clients_closed", "Slow consumers closed with 1008", stats,
                ServerStats::totalSlowClientsClosed);
        counter("metrics_streamer_tls_handshake_failures", "Connections whose TLS handshake failed (refused "
                + "certificate, plaintext, no common protocol, left mid-handshake)", stats,
                ServerStats::totalTlsHandshakeFailures);
        counter("metrics_streamer_replays", "Replays completed", stats, ServerStats::totalReplays);
        counter("metrics_streamer_replays_unrecovered", "Replays that answered recovered: false", stats,
                ServerStats::totalReplaysUnrecovered);
        counter("metrics_streamer_metrics_replayed", "Metrics sent by replays (also counted as delivered)", stats,
                ServerStats::totalMetricsReplayed);
        compressionCounters(stats);
        counter("metrics_streamer_protocol_errors", "Client messages refused with an error", stats,
                ServerStats::totalProtocolErrors);
        counter("metrics_streamer_rate_limited_messages", "Client messages ignored over the message rate limit",
                stats, ServerStats::totalRateLimitedMessages);
        counter("metrics_streamer_rate_limit_closes", "Clients closed 1008 for keeping over the message rate limit",
                stats, ServerStats::totalRateLimitCloses);
        counter("metrics_streamer_connections_refused_per_address",
                "Handshakes refused 429: their address held --max-connections-per-address", stats,
                ServerStats::totalConnectionsRefusedPerAddress);
        counter("metrics_streamer_handshake_timeouts",
                "Connections closed: a request or handshake did not arrive within --handshake-timeout", stats,
                ServerStats::totalHandshakeTimeouts);
        ingestCounters(stats);
        kindCounters(stats);
        Gauge.builder("metrics_streamer_connected_clients", connectedClients)
                .description("Clients connected now").register(registry);
        Gauge.builder("metrics_streamer_queue_size", queueSize)
                .description("Metrics waiting in the ingress queue").register(registry);
        Timer latency = Timer.builder("metrics_streamer_delivery_latency")
                .description("From the server accepting a metric to the write of a delivery carrying it on a "
                        + "client's socket, batching and update intervals included; sampled, each client at most "
                        + "once a second, on its delivery's oldest metric")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        stats.deliveryLatencyTo(nanos -> latency.record(nanos, TimeUnit.NANOSECONDS));
        // The JVM beside the server's own figures: heap and direct memory, collections, threads, CPU.
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** What permessage-deflate did. */
    private void compressionCounters(ServerStats stats) {
        counter("metrics_streamer_frames_compressed", "Delivery frames compressed, each distinct frame once", stats,
                ServerStats::totalFramesCompressed);
        counter("metrics_streamer_compressed_frames_sent", "Compressed frames written to clients, each copy counted",
                stats, ServerStats::totalCompressedFramesSent);
        counter("metrics_streamer_compression_in_bytes", "Payload bytes of the delivery frames compressed", stats,
                ServerStats::totalCompressionBytesIn);
        counter("metrics_streamer_compression_out_bytes", "What the delivery frames compressed to, in bytes", stats,
                ServerStats::totalCompressionBytesOut);
        counter("metrics_streamer_compressions_repeated", "Frames compressed again because the loop compressing "
                + "them for every client was late", stats, ServerStats::totalCompressionsRepeated);
    }

    /** What the line protocol endpoints took, and what the recording ({@code --record}) wrote and lost. */
    private void ingestCounters(ServerStats stats) {
        counter("metrics_streamer_line_protocol_points", "Line protocol points taken by POST /write and "
                + "/api/v2/write", stats, ServerStats::totalLineProtocolPoints);
        counter("metrics_streamer_load_tool_metrics", "Metrics made of JMeter's and k6's line protocol for the "
                + "dashboard", stats, ServerStats::totalLoadToolMetrics);
        counter("metrics_streamer_recorded", "Published metrics written to the recording (--record)", stats,
                ServerStats::totalMetricsRecorded);
        counter("metrics_streamer_recording_dropped", "Published metrics the recording lost: its writer fell "
                + "behind (queue full) or its file failed", stats, ServerStats::totalRecordingDropped);
    }

    /** The counters with a {@code kind} tag: client errors and authorization refusals. */
    private void kindCounters(ServerStats stats) {
        for (ClientError kind : ClientError.values()) {
            FunctionCounter.builder("metrics_streamer_client_errors", stats, s -> s.totalClientErrors(kind))
                    .description("Connections a client broke: bad frames, resets, leaving mid-message")
                    .tag("kind", kind.wire()).register(registry);
        }
        for (AuthFailure kind : AuthFailure.values()) {
            FunctionCounter.builder("metrics_streamer_auth_failures", stats, s -> s.totalAuthFailures(kind))
                    .description("Refusals by authentication, authorization and origin checks")
                    .tag("kind", kind.wire()).register(registry);
        }
    }

    /**
     * Registers gauges of the history: {@code size} metrics retained, costing {@code bytes} against its byte bound.
     */
    public void historyGauges(Supplier<Number> size, Supplier<Number> bytes) {
        Gauge.builder("metrics_streamer_history_metrics", size)
                .description("Metrics retained in the history for replays").register(registry);
        Gauge.builder("metrics_streamer_history_bytes", bytes)
                .description("What the retained metrics cost against --history-bytes").register(registry);
    }

    /** Stops listening to the JVM's collections (the server stopped; another may start in the same JVM). */
    public void close() {
        gcMetrics.close();
        registry.close();
    }

    private void counter(String name, String help, ServerStats stats, ToDoubleFunction<ServerStats> value) {
        FunctionCounter.builder(name, stats, value).description(help).register(registry);
    }

    /** The current values in the Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }
}
