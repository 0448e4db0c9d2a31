package io.metricsstreamer.transport.connection;

import io.metricsstreamer.auth.AccessPolicy;
import io.metricsstreamer.hub.Hub;
import io.metricsstreamer.ingest.InfluxConfig;
import io.metricsstreamer.ingest.IngestParser;
import io.metricsstreamer.ingest.tools.InfluxIngest;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.protocol.ClientMessageParser;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.stats.ClientsPage;
import io.metricsstreamer.stats.StatisticsSnapshot;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the handlers need from the server, built once by the composition root. Immutable; every member is
 * thread-safe.
 *
 * @param config     the transport's options
 * @param types      the metric type registry
 * @param hub        the fan-out hub
 * @param stats      the server counters
 * @param messages   the client message parser
 * @param ingest     the HTTP ingest parser
 * @param statistics a fresh statistics snapshot listing the given page of clients, on each call
 * @param prometheus the Prometheus text exposition on each call
 * @param running    whether the server is running
 * @param access     who may connect, publish and read the statistics (tokens, origins)
 * @param influx     the line protocol write endpoints' parser and load tool summaries
 */
public record ServerContext(
        TransportConfig config,
        MetricTypes types,
        Hub hub,
        ServerStats stats,
        ClientMessageParser messages,
        IngestParser ingest,
        Function<ClientsPage, StatisticsSnapshot> statistics,
        Supplier<String> prometheus,
        BooleanSupplier running,
        AccessPolicy access,
        InfluxIngest influx) {

    /**
     * A context that lets every client and request in ({@link AccessPolicy#OPEN}), with the line protocol's default
     * mapping.
     */
    public ServerContext(TransportConfig config, MetricTypes types, Hub hub, ServerStats stats,
                         ClientMessageParser messages, IngestParser ingest,
                         Function<ClientsPage, StatisticsSnapshot> statistics, Supplier<String> prometheus,
                         BooleanSupplier running) {
        this(config, types, hub, stats, messages, ingest, statistics, prometheus, running, AccessPolicy.OPEN,
                new InfluxIngest(InfluxConfig.DEFAULTS, types));
    }
}
